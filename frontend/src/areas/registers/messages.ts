/** 制度台账 / Registers: the area's messages, mounted under `registers.` in both locales. */
const zhCN = {
  title: '制度台账',
}

const en: typeof zhCN = {
  title: 'Registers',
}

export default { zhCN, en }
