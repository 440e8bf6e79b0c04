import { breakableUrl } from '../core/format'
import { fill, NOT_WHITELISTED_ON, PLATFORM_WORDS } from '../core/text'
import { Lang, PlatformId } from '../core/vocabulary'
import { hostnameOf } from '../core/whitelist'
import { CONSOLES, NAMES, SINGLE_LISTS } from './platform-tables'

/*
 * What the panel says that differs per platform (one job of the view model): the platform's name, the words
 * that name WeChat on another platform, its console in the not-whitelisted hint, and Alipay's one list of host
 * names, from store/platform-tables.ts: every platform's in the panel's sources and tests, the platform's own in
 * another platform's build. The WeChat npm package and WeChat build resolve this module to
 * store/platform-words.wechat.ts, which knows WeChat alone (tools/platforms/words.js): a WeChat panel only ever
 * runs with platformId "wechat" (platform/wx-environment.ts), and its reports come from its own runs. A platform
 * a build does not know (a report made elsewhere) is named by its id, with WeChat's words.
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
  const p = platformId ?? 'wechat'
  const name = NAMES[p]
  return name ? name[lang] : p
}

/** On a platform other than WeChat, the panel's words that name WeChat, naming that platform; else none. */
export function platformWords(
  lang: Lang,
  platformId?: PlatformId,
): { envWechat: string; whitelistHint: string } | undefined {
  const name = platformId && platformId !== 'wechat' && NAMES[platformId]
  const where = platformId && CONSOLES[platformId]
  if (!name || !where) return undefined
  const values = { name: name[lang], console: where[lang] }
  return {
    envWechat: fill(PLATFORM_WORDS.envWechat[lang], values),
    whitelistHint: fill(PLATFORM_WORDS.whitelistHint[lang], values),
  }
}

/** Not whitelisted, on a platform other than WeChat: add the domain in that platform's console; else none. */
export function notWhitelistedOn(lang: Lang, platformId?: PlatformId): string | undefined {
  const where = platformId && platformId !== 'wechat' && CONSOLES[platformId]
  return where ? fill(NOT_WHITELISTED_ON[lang], { console: where[lang] }) : undefined
}

/**
 * Alipay's console keeps one list of host names (服务器域名白名单), not WeChat's four lists of URLs: every
 * domain given, as its host, once, under that list's label. Undefined on every other platform (four lists).
 */
export function singleList(
  platformId: PlatformId | undefined,
  urls: readonly string[],
): ListView | undefined {
  const label = platformId && SINGLE_LISTS[platformId]
  if (!label) return undefined
  const hosts: string[] = []
  for (const u of urls) {
    const h = hostnameOf(u)
    if (!hosts.includes(h)) hosts.push(h)
  }
  return {
    label: label.zh,
    urls: hosts.map(breakableUrl),
    text: hosts.join(';'),
    lines: hosts.join('\n'),
  }
}
