/** 复议与诉讼 / Reconsideration & litigation: the area's messages, mounted under `litigation.` in both locales. */
const zhCN = {
  title: '复议与诉讼',
}

const en: typeof zhCN = {
  title: 'Reconsideration & litigation',
}

export default { zhCN, en }
