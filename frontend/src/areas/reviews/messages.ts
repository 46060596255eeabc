/** 法制审核 / Legal review: the area's messages, mounted under `reviews.` in both locales. */
const zhCN = {
  title: '法制审核',
}

const en: typeof zhCN = {
  title: 'Legal review',
}

export default { zhCN, en }
