import { RunEnvironment } from '../core/environment'
import { Lang } from '../core/types'
import { langFromWechat } from '../store/strings'

/** The parts of `wx` the environment check reads; a fake can stand in for tests. */
export type WxEnvApi = Partial<
  Pick<WechatMiniprogram.Wx, 'getAppBaseInfo' | 'getDeviceInfo' | 'getAccountInfoSync' | 'getNetworkType'>
>

function attempt<T>(read: (() => T) | undefined): T | undefined {
  if (!read) return undefined
  try {
    return read()
  } catch {
    // Old base libraries lack some of these; the report simply leaves the field out.
    return undefined
  }
}

/** What support needs about this run. No user identifiers: the appId is the app's, not the user's. */
export function readEnvironment(api: WxEnvApi): RunEnvironment {
  const base = attempt(
    api.getAppBaseInfo && (() => (api.getAppBaseInfo as () => WechatMiniprogram.AppBaseInfo)()),
  )
  const device = attempt(
    api.getDeviceInfo && (() => (api.getDeviceInfo as () => WechatMiniprogram.DeviceInfo)()),
  )
  const account = attempt(
    api.getAccountInfoSync && (() => (api.getAccountInfoSync as () => WechatMiniprogram.AccountInfo)()),
  )
  const env: RunEnvironment = { runtime: device?.platform === 'devtools' ? 'devtools' : 'wechat' }
  const set = <K extends keyof RunEnvironment>(key: K, value: RunEnvironment[K] | undefined) => {
    if (value !== undefined && value !== '') env[key] = value
  }
  set('platform', device?.platform)
  set('wechatVersion', base?.version)
  set('baseLibrary', base?.SDKVersion)
  set('system', device?.system)
  set('brand', device?.brand)
  set('model', device?.model)
  set('appId', account?.miniProgram?.appId)
  set('envVersion', account?.miniProgram?.envVersion)
  set('enableDebug', typeof base?.enableDebug === 'boolean' ? base.enableDebug : undefined)
  set('language', base?.language)
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
