import { DETECTION_ORDER, PlatformId } from '../core/platforms'

/** What detection found: a supported platform and its API object, or the global of one that is not. */
export type Detected =
  | { ok: true; platform: PlatformId; global: string; api: unknown }
  | { ok: false; global?: string }

/**
 * The platform this code runs on, from an injected globals object (in a mini-program: `globalThis`, or an
 * object holding `{xhs, my, tt, swan, qq, wx}`), in the ZIM SDK's order xhs → my → tt → swan → qq → wx: the first
 * global that is an object wins, so Douyin or QQ, which may also define a `wx` alias, are never taken for
 * WeChat. Adapters never read globals: the caller hands `api` to the platform's factory.
 */
export function detectPlatform(globals: Readonly<Record<string, unknown>> | null | undefined): Detected {
  if (!globals) return { ok: false }
  for (const [name, platform] of DETECTION_ORDER) {
    let api: unknown
    try {
      api = globals[name]
    } catch {
      continue
    }
    if (!api || (typeof api !== 'object' && typeof api !== 'function')) continue
    return platform ? { ok: true, platform, global: name, api } : { ok: false, global: name }
  }
  return { ok: false }
}
