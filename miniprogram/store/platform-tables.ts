import { ALIPAY_LIST_LABEL, Bilingual, PLATFORM_CONSOLES, PLATFORM_NAMES } from '../core/text'
import { PlatformId } from '../core/vocabulary'

/*
 * The platforms' words store/platform-words.ts reads, as tables by platform: every platform's here (the panel's
 * sources, tests). Another platform's build replaces this module by the same tables holding that platform's
 * entries alone, read from this one when it builds (tools/platforms/words.js); the WeChat package and build use
 * store/platform-words.wechat.ts instead.
 */

export type PlatformTable = Partial<Record<PlatformId, Bilingual>>

/** Each platform's name. */
export const NAMES: PlatformTable = PLATFORM_NAMES
/** Each platform's console, where its whitelist is edited. */
export const CONSOLES: PlatformTable = PLATFORM_CONSOLES
/** A console with one list of host names instead of WeChat's four lists of URLs (Alipay): the list's label. */
export const SINGLE_LISTS: PlatformTable = { alipay: ALIPAY_LIST_LABEL }
