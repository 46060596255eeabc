/** 执法公示 / Disclosure: the area's messages, mounted under `disclosure.` in both locales. */
const zhCN = {
  title: '执法公示',
}

const en: typeof zhCN = {
  title: 'Disclosure',
}

export default { zhCN, en }
