import { RunEnvironment } from '../../core/environment'
import type { PlatformAdapter } from '../../core/adapter'
import { limitsFor } from '../../core/platforms'
import { langFromWechat } from '../../core/text'
import { Lang } from '../../core/vocabulary'
import { readNetwork as readWxNetwork, WxEnvApi } from '../wx-environment'

/**
 * What the UI layer (components/, pages/) takes from `platform/wx-adapter` and `platform/wx-environment`, for
 * one platform. A non-WeChat build (tools/build-platform.js) resolves the UI's imports of those two modules to
 * `platform/<name>/ui.ts`, which exports this seam's functions under the UI's names; the panel's code is the
 * same on every platform, and the WeChat bundle never contains this module.
 */
export interface UiSeam {
  createWxAdapter(api: unknown): PlatformAdapter
  readEnvironment(api: unknown): RunEnvironment
  readNetwork(api: unknown): Promise<Pick<RunEnvironment, 'networkType' | 'hasSystemProxy'>>
  wechatLang(api: unknown): Lang
}

/** The seam for a platform from its adapter factory and environment reader (`api` is the platform global). */
export function uiSeam(
  api: () => unknown,
  createAdapter: (api: never) => PlatformAdapter,
  readEnv: (api: never) => RunEnvironment,
): UiSeam {
  const read = () => readEnv(api() as never)
  return {
    // An adapter that declares no limits (Alipay's, for now) runs with its platform's documented ones
    // (core/platforms.ts), never with WeChat's by default.
    createWxAdapter: () => {
      const adapter = createAdapter(api() as never)
      if (adapter.limits) return adapter
      const withLimits = Object.create(adapter) as PlatformAdapter & { limits: unknown }
      withLimits.limits = limitsFor(read().platformId ?? 'wechat')
      return withLimits
    },
    readEnvironment: read,
    // getNetworkType({success({networkType})}) is wx's shape on all four (Alipay: my.getNetworkType).
    readNetwork: () => readWxNetwork(api() as WxEnvApi),
    wechatLang: () => langFromWechat(read().language),
  }
}
