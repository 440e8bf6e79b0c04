/**
 * The words of the report contract, each list once, with its type derived from it. Everything else imports
 * them: the engine, the classifier, the report's validator, the share codec, the CLI, the viewer.
 *
 * The order of a list is part of the share link's format where core/share-codec.ts writes its indexes
 * (test/core/vocabulary.test.ts pins those orders): append, never reorder, and change the codec's version
 * when a list it writes has to change otherwise.
 */

/** The four whitelist categories of 小程序后台 > 开发 > 开发设置 > 服务器域名. Share: by index. */
export const CATEGORIES = ['socket', 'request', 'uploadFile', 'downloadFile'] as const
export type Category = (typeof CATEGORIES)[number]

/**
 * What a domain is used for: the seed table's 描述 column, then `app` for the app's own domains (`--extra`, the
 * panel's `extra`). Share: by index (append only).
 */
export const PURPOSES = ['access', 'report', 'config', 'log', 'file', 'app'] as const
export type KnownPurpose = (typeof PURPOSES)[number]
/** A known purpose, or the name an imported table gives a new one (its 描述 up to the colon, e.g. 推送通知). */
export type Purpose = KnownPurpose | (string & {})

/** A probe's outcome. Share: by index, in two bits. */
export const PROBE_STATUSES = ['pass', 'warn', 'fail', 'skipped'] as const
export type ProbeStatus = (typeof PROBE_STATUSES)[number]

/** Why a reached probe is only a warning. Share: by index + 1, in base-4 digits. */
export const CAVEATS = ['http', 'slow', 'not_enforced'] as const
export type Caveat = (typeof CAVEATS)[number]

/** Why a probe did not run. Share: by index. */
export const SKIP_REASONS = ['cancelled', 'deadline'] as const
export type SkipReason = (typeof SKIP_REASONS)[number]

/**
 * Why a run cannot prove the whitelist. `develop` is no longer produced (the env version alone says nothing
 * about enforcement); it stays so reports made by earlier versions still read. Share: by index.
 */
export const NOT_ENFORCED_REASONS = [
  'debug',
  'devtools',
  'tourist_appid',
  'develop',
  'not_wechat',
  'ide',
  // Appended: the canary (core/canary.ts) was let through, measured on the phone.
  'measured',
] as const
export type NotEnforcedReason = (typeof NOT_ENFORCED_REASONS)[number]

/**
 * What the canary (core/canary.ts) measured: the platform refused a host outside every domain list
 * (`enforced`), let it through (`not_enforced`), could not tell (`undecided`: offline, no answer in time, an
 * answer the classifier does not know), or it did not run (`off`: the host opted out, or the CLI).
 */
export const CANARY_VERDICTS = ['enforced', 'not_enforced', 'undecided', 'off'] as const
export type CanaryVerdict = (typeof CANARY_VERDICTS)[number]

/** `wechat`: a phone or PC client; `devtools`: WeChat DevTools; `node`: the CLI. Share: by index. */
export const RUNTIMES = ['wechat', 'devtools', 'node'] as const
export type Runtime = (typeof RUNTIMES)[number]

/**
 * The mini-program platforms the checker runs on (core/platforms.ts has their rules). Share: by index (append
 * only: `xhs`, Xiaohongshu, came last).
 */
export const PLATFORM_IDS = ['wechat', 'alipay', 'douyin', 'baidu', 'qq', 'xhs'] as const
export type PlatformId = (typeof PLATFORM_IDS)[number]

/** The mini-program's build, as wx.getAccountInfoSync gives it. Share: by index. */
export const ENV_VERSIONS = ['develop', 'trial', 'release'] as const
export type EnvVersion = (typeof ENV_VERSIONS)[number]

/** The environment's text fields. Share: bits 0–9 of the environment mask, in this order. */
export const ENV_TEXT_FIELDS = [
  'platform',
  'wechatVersion',
  'baseLibrary',
  'system',
  'brand',
  'model',
  'networkType',
  'appId',
  'language',
  'node',
] as const
/** The environment's true/false fields. Share: bits 10–11 of the environment mask (bit 12: envVersion). */
export const ENV_FLAG_FIELDS = ['hasSystemProxy', 'enableDebug'] as const

/** The platform's timing breakdown of a probe, in ms (totalMs is the engine's own). Share: bits 0–3. */
export const TIMING_KEYS = ['dnsMs', 'connectMs', 'tlsMs', 'ttfbMs'] as const
export type TimingKey = (typeof TIMING_KEYS)[number]

/** The counts of a run's summary. */
export const SUMMARY_KEYS = ['total', ...PROBE_STATUSES] as const

/** Error categories (docs/taxonomy.md); the ids are part of the CLI and report contract. Share: by index. */
export const ERROR_CATEGORIES = [
  'not_whitelisted',
  'dns',
  'timeout',
  'refused',
  'tls',
  'offline',
  'aborted',
  'too_many',
  'bad_request',
  'http',
  'unknown',
  // Appended: a category is its index in share links and the error tables (append only, never reorder).
  'proxy',
] as const
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number]

/**
 * `error.code` of a probe that failed at the proxy (Node adapter, core/proxy.ts). The classifier files every one
 * under `proxy`.
 */
export const PROXY_CODES = [
  /** The proxy's own name did not resolve. */
  'PROXY_DNS',
  /** The proxy refused the TCP connection, or could not be reached. */
  'PROXY_UNREACHABLE',
  /** No answer from the proxy in time (to the connection, or to CONNECT). */
  'PROXY_TIMEOUT',
  /** The proxy closed the connection without answering CONNECT. */
  'PROXY_CLOSED',
  /** TLS with an https:// proxy failed. */
  'PROXY_TLS',
  /** The proxy's answer is not HTTP. */
  'PROXY_BAD_RESPONSE',
  /** 407: the proxy needs (other) credentials. */
  'PROXY_AUTH',
  /** 403 and other 4xx: the proxy refused the tunnel to this host. */
  'PROXY_DENIED',
  /** 502/503/504: the proxy could not reach the host. */
  'PROXY_UPSTREAM',
  /** Any other answer than 2xx. */
  'PROXY_STATUS',
] as const
export type ProxyCode = (typeof PROXY_CODES)[number]

/**
 * What started a run the sentinel made (issue 33), the report's optional `trigger.kind`: a ZIM
 * connectionStateChanged event, a ZIM `error` event, or the host's own `trigger(reason)`.
 */
export const TRIGGER_KINDS = ['zim_state', 'zim_error', 'host'] as const
export type TriggerKind = (typeof TRIGGER_KINDS)[number]

/** The UI languages: zh-CN first, English second. */
export const LANGS = ['zh', 'en'] as const
export type Lang = (typeof LANGS)[number]

/** Whether `value` is one of `list`'s words (and, for TypeScript, of its type). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return (list as readonly unknown[]).indexOf(value) >= 0
}

export function isCategory(value: string): value is Category {
  return isOneOf(CATEGORIES, value)
}

export function isPurpose(value: string): value is KnownPurpose {
  return isOneOf(PURPOSES, value)
}
