/** The areas' messages, keyed as they appear under the locale root (t('cases.…')). */
import cases from './cases/messages'
import reviews from './reviews/messages'
import evidence from './evidence/messages'
import litigation from './litigation/messages'
import disclosure from './disclosure/messages'
import registers from './registers/messages'
import enforcement from './enforcement/messages'

const AREA_MESSAGES = { cases, reviews, evidence, litigation, enforcement, disclosure, registers }
type AreaMessages = typeof AREA_MESSAGES

export const areaMessagesZhCN = Object.fromEntries(
  Object.entries(AREA_MESSAGES).map(([key, messages]) => [key, messages.zhCN]),
) as { [K in keyof AreaMessages]: AreaMessages[K]['zhCN'] }

export const areaMessagesEn = Object.fromEntries(
  Object.entries(AREA_MESSAGES).map(([key, messages]) => [key, messages.en]),
) as { [K in keyof AreaMessages]: AreaMessages[K]['en'] }
