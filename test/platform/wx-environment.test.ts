import { describeEnforcement, whitelistEnforcement } from '../../miniprogram/core/environment'
import { readEnvironment, readNetwork, WxEnvApi } from '../../miniprogram/platform/wx-environment'

function fakeWx(over: {
  platform?: string
  enableDebug?: boolean
  appId?: string
  envVersion?: 'develop' | 'trial' | 'release'
  throwing?: boolean
}): WxEnvApi {
  const fail = () => {
    throw new Error('getAppBaseInfo:fail not supported')
  }
  return {
    getAppBaseInfo: over.throwing
      ? fail
      : () =>
          ({
            SDKVersion: '3.5.8',
            version: '8.0.50',
            enableDebug: over.enableDebug ?? false,
            language: 'zh_CN',
          }) as never,
    getDeviceInfo: () =>
      ({
        platform: over.platform ?? 'ios',
        system: 'iOS 17.2',
        brand: 'iPhone',
        model: 'iPhone 15',
      }) as never,
    getAccountInfoSync: () =>
      ({
        miniProgram: {
          appId: over.appId ?? 'wx0123456789abcdef',
          envVersion: over.envVersion ?? 'release',
          version: '1.0.0',
        },
      }) as never,
    getNetworkType: ((opts: { success: (r: unknown) => void }) =>
      opts.success({ networkType: 'wifi', hasSystemProxy: true })) as never,
  }
}

describe('readEnvironment', () => {
  it('reads base library, device and account info', () => {
    expect(readEnvironment(fakeWx({}))).toEqual({
      runtime: 'wechat',
      platform: 'ios',
      wechatVersion: '8.0.50',
      baseLibrary: '3.5.8',
      system: 'iOS 17.2',
      brand: 'iPhone',
      model: 'iPhone 15',
      appId: 'wx0123456789abcdef',
      envVersion: 'release',
      enableDebug: false,
      language: 'zh_CN',
    })
  })

  it('survives APIs an old base library lacks or that throw', () => {
    const env = readEnvironment({ ...fakeWx({ throwing: true }), getAccountInfoSync: undefined })
    expect(env).toEqual({
      runtime: 'wechat',
      platform: 'ios',
      system: 'iOS 17.2',
      brand: 'iPhone',
      model: 'iPhone 15',
    })
  })

  it('reads the network type asynchronously', async () => {
    await expect(readNetwork(fakeWx({}))).resolves.toEqual({ networkType: 'wifi', hasSystemProxy: true })
    await expect(readNetwork({})).resolves.toEqual({})
  })
})

describe('whitelistEnforcement', () => {
  it.each([
    [{}, true, []],
    [{ enableDebug: true }, false, ['debug']],
    [{ platform: 'devtools' }, false, ['devtools']],
    [{ appId: 'touristappid' }, false, ['tourist_appid']],
    // A develop build previewed with debug mode off enforces the list (framework/ability/network).
    [{ envVersion: 'develop' as const }, true, []],
    [
      { platform: 'devtools', appId: 'touristappid', enableDebug: true },
      false,
      ['devtools', 'debug', 'tourist_appid'],
    ],
  ])('%j', (over, enforced, reasons) => {
    const e = whitelistEnforcement(readEnvironment(fakeWx(over)))
    expect(e).toEqual({ enforced, reasons })
  })

  it('a Node run has no whitelist at all', () => {
    expect(whitelistEnforcement({ runtime: 'node' })).toEqual({ enforced: false, reasons: ['not_wechat'] })
  })

  it('says a pass proves reachability only, in both languages', () => {
    const e = whitelistEnforcement({ runtime: 'wechat', enableDebug: true })
    expect(describeEnforcement(e, 'en')).toMatch(/not enforced.*debug mode.*reachability only/)
    expect(describeEnforcement(e, 'zh')).toMatch(/不校验合法域名.*调试模式.*只说明网络可达/)
  })
})
