import { WECHAT_NAME } from '../core/text-base'
import { Lang, PlatformId } from '../core/vocabulary'
import type { ListView } from './platform-words'

/*
 * store/platform-words.ts as the WeChat npm package and the WeChat build have it (tools/build-dist.js and
 * tools/build-platform.js, through tools/platforms/words.js, resolve the store's imports of it here): WeChat's
 * name alone, none of the other platforms' names, consoles, wordings or Alipay's one list. A WeChat panel runs
 * with platformId "wechat" only (platform/wx-environment.ts); a report naming another platform (a link made
 * elsewhere) is named by its id. test/store/platform-words.test.ts keeps every function here equal to the full
 * module's on WeChat.
 */

export type { ListView }

export function platformName(platformId: PlatformId | undefined, lang: Lang): string {
  return !platformId || platformId === 'wechat' ? WECHAT_NAME[lang] : platformId
}

export function platformWords(
  _lang: Lang,
  _platformId?: PlatformId,
): { envWechat: string; whitelistHint: string } | undefined {
  return undefined
}

export function notWhitelistedOn(_lang: Lang, _platformId?: PlatformId): string | undefined {
  return undefined
}

export function singleList(
  _platformId: PlatformId | undefined,
  _urls: readonly string[],
): ListView | undefined {
  return undefined
}
