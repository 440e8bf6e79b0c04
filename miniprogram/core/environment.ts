import { Lang } from './types'

/** Where a run happened, as support needs it. No user identifiers: no openid, no user info, no tokens. */
export interface RunEnvironment {
  /** `wechat`: a phone or PC client; `devtools`: WeChat DevTools; `node`: the CLI. */
  runtime: 'wechat' | 'devtools' | 'node'
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
  envVersion?: 'develop' | 'trial' | 'release'
  enableDebug?: boolean
  language?: string
  /** Node version, for CLI runs. */
  node?: string
}

export type NotEnforcedReason = 'debug' | 'devtools' | 'tourist_appid' | 'develop' | 'not_wechat'

/**
 * Whether this run can prove the whitelist: WeChat skips the domain check in debug mode, in DevTools with
 * "不校验合法域名", with the tourist appid, and a develop build may have the check switched off. Outside WeChat
 * there is no whitelist at all.
 */
export interface WhitelistEnforcement {
  enforced: boolean
  reasons: NotEnforcedReason[]
}

export const TOURIST_APPID = 'touristappid'

export function whitelistEnforcement(env: RunEnvironment): WhitelistEnforcement {
  const reasons: NotEnforcedReason[] = []
  if (env.runtime === 'node') reasons.push('not_wechat')
  if (env.runtime === 'devtools' || env.platform === 'devtools') reasons.push('devtools')
  if (env.enableDebug) reasons.push('debug')
  if (env.appId === TOURIST_APPID) reasons.push('tourist_appid')
  if (env.envVersion === 'develop' && env.runtime !== 'node') reasons.push('develop')
  return { enforced: reasons.length === 0, reasons }
}

const REASON_TEXT: Record<NotEnforcedReason, Record<Lang, string>> = {
  debug: { zh: '已开启调试模式（vConsole）', en: 'debug mode (vConsole) is on' },
  devtools: {
    zh: '在开发者工具中运行（可能勾选了“不校验合法域名”）',
    en: 'running in WeChat DevTools (domain checking may be off)',
  },
  tourist_appid: { zh: '使用游客 appid（touristappid）', en: 'the tourist appid is in use' },
  develop: { zh: '开发版小程序可能关闭了域名校验', en: 'a develop build may have domain checking off' },
  not_wechat: { zh: '不在微信中运行，没有白名单', en: 'not running inside WeChat: there is no whitelist' },
}

/** One line for the page, the report and the CLI: why a pass here proves reachability only. */
export function describeEnforcement(e: WhitelistEnforcement, lang: Lang): string {
  if (e.enforced) return lang === 'zh' ? '本次运行校验合法域名' : 'the whitelist is enforced in this run'
  const reasons = e.reasons.map((r) => REASON_TEXT[r][lang]).join(lang === 'zh' ? '；' : '; ')
  return lang === 'zh'
    ? `本次运行不校验合法域名（${reasons}）：通过只说明网络可达，不说明已加入白名单`
    : `the whitelist is not enforced in this run (${reasons}): a pass proves reachability only, not that the domain is whitelisted`
}
