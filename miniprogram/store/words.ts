import { describeCategory } from '../core/classifier'
import { PANEL_TEXT, PanelStrings, STRINGS, Strings } from '../core/text'
import { ErrorCategory, Lang, PlatformId } from '../core/vocabulary'
import { notWhitelistedOn, platformWords } from './platform-words'

/*
 * The panel's words in one language, named for the platform it runs on (one job of the view model,
 * store/view-model.ts): the base strings and the panel's, and what to do about an error category.
 */

export type Words = Strings & PanelStrings

/**
 * The panel's words in one language: the base strings and issue 15's; on a platform other than WeChat, the
 * ones that name WeChat name that platform instead.
 */
export function words(lang: Lang, platformId?: PlatformId): Words {
  const w: Words = { ...STRINGS[lang], ...PANEL_TEXT[lang] }
  const own = platformWords(lang, platformId)
  if (own) {
    w.envWechat = own.envWechat
    w.whitelistHint = own.whitelistHint
  }
  return w
}

/**
 * What to do about an error. Not whitelisted names the platform's own console where it is not WeChat's (Alipay,
 * Douyin, Baidu and QQ edit their lists elsewhere); every other hint is the same on every platform.
 */
export function hintOf(category: ErrorCategory, lang: Lang, platformId?: PlatformId): string {
  const own = category === 'not_whitelisted' ? notWhitelistedOn(lang, platformId) : undefined
  return own ?? describeCategory(category, lang)
}

/** The word for a row's status (pass → `statusPass`, running → `statusRunning`…): rows and copied text alike. */
export function statusText(t: Words, status: string): string {
  return t[`status${status.charAt(0).toUpperCase()}${status.slice(1)}` as 'statusPass']
}
