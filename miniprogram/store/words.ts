import { describeCategory } from '../core/classifier'
import {
  fill,
  NOT_WHITELISTED_ON,
  PANEL_TEXT,
  PLATFORM_CONSOLES,
  PanelStrings,
  PLATFORM_NAMES,
  PLATFORM_WORDS,
  STRINGS,
  Strings,
} from '../core/text'
import { ErrorCategory, Lang, PlatformId } from '../core/vocabulary'

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
  if (platformId && platformId !== 'wechat') {
    const values = { name: PLATFORM_NAMES[platformId][lang], console: PLATFORM_CONSOLES[platformId][lang] }
    w.envWechat = fill(PLATFORM_WORDS.envWechat[lang], values)
    w.whitelistHint = fill(PLATFORM_WORDS.whitelistHint[lang], values)
  }
  return w
}

/**
 * What to do about an error. Not whitelisted names the platform's own console where it is not WeChat's (Alipay,
 * Douyin, Baidu and QQ edit their lists elsewhere); every other hint is the same on every platform.
 */
export function hintOf(category: ErrorCategory, lang: Lang, platformId?: PlatformId): string {
  if (category === 'not_whitelisted' && platformId && platformId !== 'wechat')
    return fill(NOT_WHITELISTED_ON[lang], { console: PLATFORM_CONSOLES[platformId][lang] })
  return describeCategory(category, lang)
}

/** The word for a row's status (pass → `statusPass`, running → `statusRunning`…): rows and copied text alike. */
export function statusText(t: Words, status: string): string {
  return t[`status${status.charAt(0).toUpperCase()}${status.slice(1)}` as 'statusPass']
}
