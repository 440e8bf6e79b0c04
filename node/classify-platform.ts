import type { PlatformCodes } from '../miniprogram/core/classifier'
import { PLATFORM_CODES } from '../miniprogram/core/platform-codes'
import { PLATFORM_IDS, PlatformId } from '../miniprogram/core/platforms'
import { isOneOf } from '../miniprogram/core/vocabulary'
import { UsageError } from './args'

/**
 * `classify --platform P`: the codes of the platform that produced the message (core/platforms.ts), and the
 * tag its adapter puts on a failure so the classifier reads them. WeChat has no table of its own (the errno
 * and wording layers are its). Kept apart from commands/classify.ts, which only passes them on.
 */
export function platformCodesArg(value: unknown): { codes?: PlatformCodes; tag: { platform?: string } } {
  if (value === undefined) return { tag: {} }
  if (!isOneOf(PLATFORM_IDS, value))
    throw new UsageError(`--platform takes one of ${PLATFORM_IDS.join(', ')}, got "${String(value)}"`)
  if (value === 'wechat') return { tag: {} }
  const codes = PLATFORM_CODES[value as Exclude<PlatformId, 'wechat'>]
  return { codes, tag: { platform: codes.platform } }
}
