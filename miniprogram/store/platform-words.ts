import { breakableUrl } from '../core/format'
import {
  ALIPAY_LIST_LABEL,
  fill,
  NOT_WHITELISTED_ON,
  PLATFORM_CONSOLES,
  PLATFORM_NAMES,
  PLATFORM_WORDS,
} from '../core/text'
import { Lang, PlatformId } from '../core/vocabulary'
import { hostnameOf } from '../core/whitelist'

/*
 * What the panel says that differs per platform (one job of the view model): the platform's name, the words
 * that name WeChat on another platform, its console in the not-whitelisted hint, and Alipay's one list of host
 * names. Every platform here (the panel's sources, tests, other platforms' builds); the WeChat npm package and
 * WeChat build resolve this module to store/platform-words.wechat.ts, which knows WeChat alone
 * (tools/build-dist.js, tools/build-platform.js): a WeChat panel only ever runs with platformId "wechat"
 * (platform/wx-environment.ts), and its reports come from its own runs.
 */

/** A console list as the whitelist tab and the "add these" card show it. */
export interface ListView {
  label: string
  urls: string[]
  text: string
  lines: string
}

/** The platform's name (WeChat when none is named). */
export function platformName(platformId: PlatformId | undefined, lang: Lang): string {
  return PLATFORM_NAMES[platformId ?? 'wechat'][lang]
}

/** On a platform other than WeChat, the panel's words that name WeChat, naming that platform; else none. */
export function platformWords(
  lang: Lang,
  platformId?: PlatformId,
): { envWechat: string; whitelistHint: string } | undefined {
  if (!platformId || platformId === 'wechat') return undefined
  const values = { name: PLATFORM_NAMES[platformId][lang], console: PLATFORM_CONSOLES[platformId][lang] }
  return {
    envWechat: fill(PLATFORM_WORDS.envWechat[lang], values),
    whitelistHint: fill(PLATFORM_WORDS.whitelistHint[lang], values),
  }
}

/** Not whitelisted, on a platform other than WeChat: add the domain in that platform's console; else none. */
export function notWhitelistedOn(lang: Lang, platformId?: PlatformId): string | undefined {
  if (!platformId || platformId === 'wechat') return undefined
  return fill(NOT_WHITELISTED_ON[lang], { console: PLATFORM_CONSOLES[platformId][lang] })
}

/**
 * Alipay's console keeps one list of host names (服务器域名白名单), not WeChat's four lists of URLs: every
 * domain given, as its host, once. Undefined on every other platform (four lists).
 */
export function singleList(
  platformId: PlatformId | undefined,
  urls: readonly string[],
): ListView | undefined {
  if (platformId !== 'alipay') return undefined
  const hosts: string[] = []
  for (const u of urls) {
    const h = hostnameOf(u)
    if (!hosts.includes(h)) hosts.push(h)
  }
  return {
    label: ALIPAY_LIST_LABEL.zh,
    urls: hosts.map(breakableUrl),
    text: hosts.join(';'),
    lines: hosts.join('\n'),
  }
}
