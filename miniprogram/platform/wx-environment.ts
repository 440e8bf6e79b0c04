import { RunEnvironment } from '../core/environment'
import { Lang } from '../core/vocabulary'
import { langFromWechat } from '../core/text'
// Old base libraries lack some of these getters; the report simply leaves the field out.
import { attempt } from './shared/attempt'

/** The parts of `wx` the environment check reads; a fake can stand in for tests. */
export type WxEnvApi = Partial<
  Pick<
    WechatMiniprogram.Wx,
    'getAppBaseInfo' | 'getDeviceInfo' | 'getAccountInfoSync' | 'getNetworkType' | 'getSystemInfoSync'
  >
>

/** The fields read from getAppBaseInfo + getDeviceInfo, or from getSystemInfoSync on older base libraries. */
interface InfoFields {
  SDKVersion?: string
  version?: string
  language?: string
  enableDebug?: unknown
  platform?: string
  system?: string
  brand?: string
  model?: string
}

/**
 * What support needs about this run. No user identifiers: the appId is the app's, not the user's.
 *
 * `wx.getAppBaseInfo` / `wx.getDeviceInfo` exist from base library 2.20.1 (…/api/base/system/
 * wx.getAppBaseInfo.html, wx.getDeviceInfo.html). Below that, `wx.getSystemInfoSync`
 * (https://developers.weixin.qq.com/miniprogram/dev/api/base/system/wx.getSystemInfoSync.html, deprecated
 * but present) gives the same fields, `enableDebug` only from 2.15.0. It is read only when a newer API is
 * missing or fails, so current clients never call the deprecated one. When enableDebug cannot be read at
 * all, it is left out and whitelistEnforcement() says "unknown".
 */
export function readEnvironment(api: WxEnvApi): RunEnvironment {
  const base = attempt(
    api.getAppBaseInfo && (() => (api.getAppBaseInfo as () => WechatMiniprogram.AppBaseInfo)()),
  ) as InfoFields | undefined
  const device = attempt(
    api.getDeviceInfo && (() => (api.getDeviceInfo as () => WechatMiniprogram.DeviceInfo)()),
  ) as InfoFields | undefined
  const system =
    !base || !device
      ? (attempt(
          api.getSystemInfoSync && (() => (api.getSystemInfoSync as () => WechatMiniprogram.SystemInfo)()),
        ) as InfoFields | undefined)
      : undefined
  const account = attempt(
    api.getAccountInfoSync && (() => (api.getAccountInfoSync as () => WechatMiniprogram.AccountInfo)()),
  )
  const b = base ?? system
  const d = device ?? system
  const env: RunEnvironment = { runtime: d?.platform === 'devtools' ? 'devtools' : 'wechat' }
  const set = <K extends keyof RunEnvironment>(key: K, value: RunEnvironment[K] | undefined) => {
    if (value !== undefined && value !== '') env[key] = value
  }
  set('platform', d?.platform)
  set('wechatVersion', b?.version)
  set('baseLibrary', b?.SDKVersion)
  set('system', d?.system)
  set('brand', d?.brand)
  set('model', d?.model)
  set('appId', account?.miniProgram?.appId)
  set('envVersion', account?.miniProgram?.envVersion)
  set('enableDebug', typeof b?.enableDebug === 'boolean' ? b.enableDebug : undefined)
  set('language', b?.language)
  return env
}

/** Network type and proxy, asynchronously; resolves with {} when the platform cannot say. */
export function readNetwork(api: WxEnvApi): Promise<Pick<RunEnvironment, 'networkType' | 'hasSystemProxy'>> {
  return new Promise((resolve) => {
    if (!api.getNetworkType) return resolve({})
    try {
      api.getNetworkType({
        success: (res) => {
          const out: Pick<RunEnvironment, 'networkType' | 'hasSystemProxy'> = { networkType: res.networkType }
          if (typeof res.hasSystemProxy === 'boolean') out.hasSystemProxy = res.hasSystemProxy
          resolve(out)
        },
        fail: () => resolve({}),
      })
    } catch {
      resolve({})
    }
  })
}

/** The UI language from WeChat's own setting: English when WeChat is in English, Chinese otherwise. */
export function wechatLang(api: WxEnvApi): Lang {
  return langFromWechat(readEnvironment(api).language)
}
