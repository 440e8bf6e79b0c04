import { EnvVersion, Lang, NotEnforcedReason, PlatformId, Runtime } from './vocabulary'
import { ENFORCEMENT_TEXT, fill } from './text'
import type { EnforcementRecord } from './canary'

/** Where a run happened, as support needs it. No user identifiers: no openid, no user info, no tokens. */
export interface RunEnvironment {
  /**
   * `wechat`: a phone or PC client (of WeChat, or of the app `platformId` names); `devtools`: WeChat DevTools
   * or that platform's IDE; `node`: the CLI.
   */
  runtime: Runtime
  /** The mini-program platform; absent means WeChat (reports made before other platforms existed). */
  platformId?: PlatformId
  /** ios / android / windows / mac / ohos / devtools, or the Node platform. */
  platform?: string
  wechatVersion?: string
  /** Base library (SDKVersion). */
  baseLibrary?: string
  system?: string
  brand?: string
  model?: string
  networkType?: string
  hasSystemProxy?: boolean
  appId?: string
  envVersion?: EnvVersion
  enableDebug?: boolean
  language?: string
  /** Node version, for CLI runs. */
  node?: string
}

/**
 * Whether this run can prove the whitelist. `enforced: false` with no reason means "unknown": the runtime
 * cannot tell (see enforcementState); it is never reported as enforced by default.
 */
export interface WhitelistEnforcement {
  enforced: boolean
  reasons: NotEnforcedReason[]
}

export type EnforcementState = 'enforced' | 'not_enforced' | 'unknown'

export const TOURIST_APPID = 'touristappid'

/**
 * What WeChat documents, and only that:
 * - developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html, "跳过域名校验": with DevTools'
 *   "不校验合法域名…" option on, "在微信开发者工具中及手机开启调试模式时，不会进行服务器域名的校验" — in DevTools
 *   (urlCheck off) and on a phone with debug mode on, the domain list is not checked. The same page: "如果手机上
 *   出现 '打开调试模式可以发出请求，关闭调试模式无法发出请求' 的现象，请确认是否跳过了域名校验" — with debug mode off,
 *   a phone checks, whatever the build (a develop preview included).
 * - Debug mode is read from `wx.getAppBaseInfo().enableDebug` (…/api/base/system/wx.getAppBaseInfo.html, base
 *   library 2.20.1+) or `wx.getSystemInfoSync().enableDebug` (…/api/base/system/wx.getSystemInfoSync.html,
 *   2.15.0+). When neither gives it, the runtime cannot tell: unknown.
 * - DevTools (platform `devtools`): whether urlCheck is off (`project.config.json` `setting.urlCheck`) cannot
 *   be read at run time, so a pass there does not prove the whitelist.
 * - The tourist appid (`touristappid`) has no domain list configured at all.
 * - Remote debugging (真机调试, …/devtools/remote-debug-2.html): the docs say nothing about the domain check
 *   there, and the runtime cannot tell such a session from a preview: see describeEnforcement's note.
 */
export function whitelistEnforcement(env: RunEnvironment): WhitelistEnforcement {
  const reasons: NotEnforcedReason[] = []
  if (env.runtime === 'node') reasons.push('not_wechat')
  if (env.runtime === 'devtools' || env.platform === 'devtools') reasons.push('devtools')
  if (env.enableDebug === true) reasons.push('debug')
  if (env.appId === TOURIST_APPID) reasons.push('tourist_appid')
  if (reasons.length > 0) return { enforced: false, reasons }
  // Debug mode unreadable (base library below 2.15.0): unknown, never "enforced" by default.
  if (typeof env.enableDebug !== 'boolean') return { enforced: false, reasons: [] }
  return { enforced: true, reasons: [] }
}

export function enforcementState(e: WhitelistEnforcement): EnforcementState {
  return e.enforced ? 'enforced' : e.reasons.length > 0 ? 'not_enforced' : 'unknown'
}

/**
 * One line for the page, the report and the CLI: whether a pass here proves the whitelist. With the run's
 * environment, an enforced develop build also says that a remote-debug (真机调试) session cannot be told apart.
 */
export function describeEnforcement(
  e: WhitelistEnforcement,
  lang: Lang,
  env?: Pick<RunEnvironment, 'envVersion' | 'platformId'> & {
    enforcement?: Pick<EnforcementRecord, 'source' | 'canary'>
  },
): string {
  // The canary (core/canary.ts): measured, or tried and undecided; nothing is said when it did not run.
  const rec = env?.enforcement
  const measured = rec?.source === 'measured' || e.reasons.indexOf('measured') >= 0
  const T = ENFORCEMENT_TEXT
  const head = measured ? T.measured[lang] : rec?.canary === 'undecided' ? T.undecided[lang] : ''
  // Measured enforced: no remote-debug doubt is left to mention.
  return head + (measured && e.enforced ? T.enforced[lang] : sentence(e, lang, env))
}

function sentence(
  e: WhitelistEnforcement,
  lang: Lang,
  env?: Pick<RunEnvironment, 'envVersion' | 'platformId'>,
): string {
  const state = enforcementState(e)
  const other = env?.platformId !== undefined && env.platformId !== 'wechat'
  const T = ENFORCEMENT_TEXT
  if (state === 'enforced') {
    if (env?.envVersion !== 'develop' || other) return T.enforced[lang]
    return fill(T.enforcedDevelop[lang], { base: T.enforced[lang] })
  }
  const passOnly = T.passOnly[lang]
  // Other platforms: only their trial/release builds are known to check (core/platforms.ts).
  if (state === 'unknown')
    return fill(T.unknown[lang], { why: (other ? T.unknownOther : T.unknownOld)[lang], passOnly })
  const reasons = e.reasons.map((r) => T.reasons[r][lang]).join(T.reasonSep[lang])
  return fill(T.notEnforced[lang], { reasons, passOnly })
}

/**
 * Whether a run can prove the whitelist, per platform. WeChat and QQ: whitelistEnforcement (QQ copies
 * WeChat; whether its debug mode is readable is unverified, so QQ runs without it stay unknown). Alipay,
 * Douyin, Baidu: no API reports the IDE's "skip domain check" option, and Alipay documents that the option
 * covers the simulator, preview and remote debugging too; so only a trial or release build (Douyin:
 * production) outside the IDE is counted as enforced. Everything else is unknown, never enforced by default.
 * Whether Douyin and Baidu trial builds check: unverified (Douyin's trial = "development": unknown).
 */
export function platformEnforcement(env: RunEnvironment): WhitelistEnforcement {
  const p = env.platformId ?? 'wechat'
  if (p === 'wechat' || p === 'qq' || env.runtime === 'node') return whitelistEnforcement(env)
  if (env.runtime === 'devtools') return { enforced: false, reasons: ['ide'] }
  // Xiaohongshu reports a debug flag (xhs.getAppInfoSync().debug); whether debug skips the domain check is
  // unverified, so a debug run never counts as enforced (docs/platforms.md X6).
  if (p === 'xhs' && env.enableDebug === true) return { enforced: false, reasons: ['debug'] }
  return { enforced: env.envVersion === 'release' || env.envVersion === 'trial', reasons: [] }
}
