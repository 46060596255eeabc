/** 证据与记录仪 / Evidence & devices: the area's messages, mounted under `evidence.` in both locales. */
const zhCN = {
  title: '证据与记录仪',
}

const en: typeof zhCN = {
  title: 'Evidence & devices',
}

export default { zhCN, en }
