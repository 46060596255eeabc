/** 办案管理 / Cases: the area's messages, mounted under `cases.` in both locales. */
const zhCN = {
  title: '办案管理',
}

const en: typeof zhCN = {
  title: 'Cases',
}

export default { zhCN, en }
