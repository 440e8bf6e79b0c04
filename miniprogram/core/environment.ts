import { EnvVersion, Lang, NotEnforcedReason, PlatformId, Runtime } from './vocabulary'

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

const REASON_TEXT: Record<NotEnforcedReason, Record<Lang, string>> = {
  debug: { zh: '已开启调试模式（vConsole）', en: 'debug mode (vConsole) is on' },
  devtools: {
    zh: '在开发者工具中运行（是否勾选了“不校验合法域名”无法从运行时读取）',
    en: 'running in WeChat DevTools (whether domain checking is off cannot be read at run time)',
  },
  tourist_appid: { zh: '使用游客 appid（touristappid）', en: 'the tourist appid is in use' },
  develop: { zh: '开发版小程序可能关闭了域名校验', en: 'a develop build may have domain checking off' },
  not_wechat: { zh: '不在微信中运行，没有白名单', en: 'not running inside WeChat: there is no whitelist' },
  ide: { zh: '在该平台的开发者工具中运行', en: "running in the platform's IDE" },
}

/**
 * One line for the page, the report and the CLI: whether a pass here proves the whitelist. With the run's
 * environment, an enforced develop build also says that a remote-debug (真机调试) session cannot be told apart.
 */
export function describeEnforcement(
  e: WhitelistEnforcement,
  lang: Lang,
  env?: Pick<RunEnvironment, 'envVersion' | 'platformId'>,
): string {
  const state = enforcementState(e)
  const other = env?.platformId !== undefined && env.platformId !== 'wechat'
  if (state === 'enforced') {
    const base = lang === 'zh' ? '本次运行校验合法域名' : 'the whitelist is enforced in this run'
    if (env?.envVersion !== 'develop' || other) return base
    return lang === 'zh'
      ? `${base}（开发版预览、调试模式关闭；若这是真机调试会话，文档未说明是否校验，无法判断）`
      : `${base} (develop build, debug mode off; if this is a remote-debug session, the docs do not say whether it checks, so it cannot be told)`
  }
  if (state === 'unknown') {
    // Other platforms: only their trial/release builds are known to check (core/platforms.ts).
    const why = other
      ? ['只有体验版/正式版确定校验', 'only trial/release builds are known to check']
      : ['读取不到调试模式状态，基础库低于 2.15.0', 'debug mode cannot be read: base library below 2.15.0']
    return lang === 'zh'
      ? `无法判断本次运行是否校验合法域名（${why[0]}）${PASS_ONLY.zh}`
      : `whether the whitelist is enforced in this run is unknown (${why[1]})${PASS_ONLY.en}`
  }
  const reasons = e.reasons.map((r) => REASON_TEXT[r][lang]).join(lang === 'zh' ? '；' : '; ')
  return lang === 'zh'
    ? `本次运行不校验合法域名（${reasons}）${PASS_ONLY.zh}`
    : `the whitelist is not enforced in this run (${reasons})${PASS_ONLY.en}`
}

/** What a pass means when the whitelist is not (known to be) enforced. */
const PASS_ONLY = {
  zh: '：通过只说明网络可达，不说明已加入白名单',
  en: ': a pass proves reachability only, not that the domain is whitelisted',
}
