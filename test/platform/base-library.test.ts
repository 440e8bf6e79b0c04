import {
  describeEnforcement,
  enforcementState,
  whitelistEnforcement,
} from '../../miniprogram/core/environment'
import { readEnvironment, WxEnvApi } from '../../miniprogram/platform/wx-environment'
import { BASE_LIBRARY_APIS, fakeEnvApi, hasApi } from '../helpers/fake-wx'

const envOf = (version: string, o: Parameters<typeof fakeEnvApi>[1] = {}) =>
  readEnvironment(fakeEnvApi(version, o) as WxEnvApi)

describe('the fake models real base-library versions', () => {
  it.each([
    ['2.10.0', { getAppBaseInfo: false, getDeviceInfo: false, getSystemInfoSync: true, enableDebug: false }],
    ['2.15.0', { getAppBaseInfo: false, getDeviceInfo: false, getSystemInfoSync: true, enableDebug: true }],
    ['2.20.0', { getAppBaseInfo: false, getDeviceInfo: false, getSystemInfoSync: true, enableDebug: true }],
    ['2.20.1', { getAppBaseInfo: true, getDeviceInfo: true, getSystemInfoSync: true, enableDebug: true }],
    ['3.5.8', { getAppBaseInfo: true, getDeviceInfo: true, getSystemInfoSync: true, enableDebug: true }],
  ])('%s', (version, expected) => {
    const api = fakeEnvApi(version)
    const system = (api.getSystemInfoSync as () => Record<string, unknown>)()
    expect({
      getAppBaseInfo: typeof api.getAppBaseInfo === 'function',
      getDeviceInfo: typeof api.getDeviceInfo === 'function',
      getSystemInfoSync: typeof api.getSystemInfoSync === 'function',
      enableDebug: 'enableDebug' in system,
    }).toEqual(expected)
  })

  it('the table compares versions numerically', () => {
    expect(hasApi('2.9.9', 'timeout')).toBe(false)
    expect(hasApi('2.10.0', 'timeout')).toBe(true)
    expect(hasApi('2.100.0', 'errno')).toBe(true)
    expect(BASE_LIBRARY_APIS.getAppBaseInfo).toBe('2.20.1')
  })
})

describe('readEnvironment on old base libraries', () => {
  it('below 2.20.1 reads platform, device and enableDebug from getSystemInfoSync (2.15.0+)', () => {
    const env = envOf('2.16.0', { enableDebug: true, platform: 'android' })
    expect(env).toMatchObject({
      runtime: 'wechat',
      platform: 'android',
      baseLibrary: '2.16.0',
      wechatVersion: '8.0.50',
      model: 'iPhone 15',
      enableDebug: true,
    })
    expect(whitelistEnforcement(env)).toEqual({ enforced: false, reasons: ['debug'] })
  })

  it('below 2.15.0 enableDebug cannot be read: enforcement is unknown, never enforced', () => {
    const env = envOf('2.14.4', { enableDebug: false })
    expect(env.enableDebug).toBeUndefined()
    expect(env.baseLibrary).toBe('2.14.4')
    const e = whitelistEnforcement(env)
    expect(e).toEqual({ enforced: false, reasons: [] })
    expect(enforcementState(e)).toBe('unknown')
    expect(describeEnforcement(e, 'zh')).toMatch(/无法判断.*基础库低于 2\.15\.0/)
    expect(describeEnforcement(e, 'en')).toMatch(/unknown.*reachability only/)
  })

  it('nothing readable at all: unknown', () => {
    const env = readEnvironment({})
    expect(env).toEqual({ runtime: 'wechat' })
    expect(enforcementState(whitelistEnforcement(env))).toBe('unknown')
  })

  it('from 2.20.1 the deprecated getSystemInfoSync is not called', () => {
    const api = fakeEnvApi('3.0.0', { enableDebug: false })
    let called = 0
    const original = api.getSystemInfoSync as () => unknown
    api.getSystemInfoSync = () => {
      called++
      return original()
    }
    const env = readEnvironment(api as WxEnvApi)
    expect(called).toBe(0)
    expect(env.enableDebug).toBe(false)
    expect(whitelistEnforcement(env)).toEqual({ enforced: true, reasons: [] })
  })

  it('a getAppBaseInfo that throws falls back to getSystemInfoSync', () => {
    const api = fakeEnvApi('3.0.0', { enableDebug: true })
    api.getAppBaseInfo = () => {
      throw new Error('getAppBaseInfo:fail')
    }
    expect(readEnvironment(api as WxEnvApi).enableDebug).toBe(true)
  })
})

describe('enforcement per the docs (framework/ability/network, 跳过域名校验)', () => {
  it.each([
    ['a phone, release, debug off', { envVersion: 'release' as const }, 'enforced', []],
    ['a develop preview on a phone, debug off', { envVersion: 'develop' as const }, 'enforced', []],
    ['a phone with debug mode on', { enableDebug: true }, 'not_enforced', ['debug']],
    ['DevTools (urlCheck unreadable)', { platform: 'devtools' }, 'not_enforced', ['devtools']],
    ['the tourist appid', { appId: 'touristappid' }, 'not_enforced', ['tourist_appid']],
  ])('%s', (_name, over, state, reasons) => {
    const e = whitelistEnforcement(envOf('3.5.8', over))
    expect(enforcementState(e)).toBe(state)
    expect(e.reasons).toEqual(reasons)
  })

  it('an enforced develop build says a remote-debug session cannot be told apart', () => {
    const env = envOf('3.5.8', { envVersion: 'develop' })
    const e = whitelistEnforcement(env)
    expect(describeEnforcement(e, 'zh', env)).toMatch(/本次运行校验合法域名.*真机调试.*无法判断/)
    expect(describeEnforcement(e, 'en', env)).toMatch(/enforced.*remote-debug/)
    expect(describeEnforcement(e, 'en', { envVersion: 'release' })).toBe(
      'the whitelist is enforced in this run',
    )
  })
})
