import { Lang } from './vocabulary'

/**
 * What every part of the text (core/text.ts lists them) is written with: `{name}` placeholders filled by fill(),
 * a sentence as `{ zh, en }`, and the few strings more than one part names.
 */

/** Where the whitelist is edited in the WeChat console (named as it is, in both languages). */
export const CONSOLE_DOMAINS = '小程序后台 > 开发 > 开发设置 > 服务器域名'

/** Between the notes of one entry or row, in either language (a full-width semicolon reads in both). */
export const NOTE_SEP = '；'

/** A sentence in both UI languages. */
export type Bilingual = Record<Lang, string>

/** WeChat's name (PLATFORM_NAMES.wechat; the WeChat package's only platform name, store/platform-words.wechat.ts). */
export const WECHAT_NAME: Bilingual = { zh: '微信', en: 'WeChat' }

/** `{name}` placeholders replaced by the values given; a missing value leaves an empty string. */
export function fill(template: string, values: object): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) =>
    String((values as Record<string, unknown>)[k] ?? ''),
  )
}

/** English when WeChat is set to English, Chinese otherwise. */
export function langFromWechat(language: string | undefined): Lang {
  return language && /^en/i.test(language) ? 'en' : 'zh'
}
