import {
  describeEnforcement,
  enforcementState,
  platformEnforcement,
  RunEnvironment,
} from '../../miniprogram/core/environment'
import { classify } from '../../miniprogram/core/classifier'
import { ALIPAY_CODES, DOUYIN_CODES } from '../../miniprogram/core/platform-codes'
import { DETECTION_ORDER, PLATFORM_GLOBAL, PLATFORM_IDS } from '../../miniprogram/core/platforms'
import { readAlipayEnvironment } from '../../miniprogram/platform/alipay/environment'
import { readBaiduEnvironment } from '../../miniprogram/platform/baidu/environment'
import { detectPlatform } from '../../miniprogram/platform/detect'
import { readDouyinEnvironment } from '../../miniprogram/platform/douyin/environment'
import { readQqEnvironment } from '../../miniprogram/platform/qq/environment'

describe('detection in the ZIM SDK order xhs → my → tt → swan → qq → wx', () => {
  const api = {}
  it('takes the first global present, never wx when another platform also defines it', () => {
    expect(detectPlatform({ wx: api, tt: api })).toMatchObject({ ok: true, platform: 'douyin', global: 'tt' })
    expect(detectPlatform({ wx: api, qq: api })).toMatchObject({ ok: true, platform: 'qq' })
    expect(detectPlatform({ swan: api, qq: api, wx: api })).toMatchObject({ platform: 'baidu' })
    expect(detectPlatform({ my: api, tt: api })).toMatchObject({ platform: 'alipay' })
    expect(detectPlatform({ wx: api })).toMatchObject({ ok: true, platform: 'wechat', api })
  })
  it('takes Xiaohongshu (xhs) first, before every other global', () => {
    expect(detectPlatform({ xhs: api, my: api, tt: api, swan: api, qq: api, wx: api })).toEqual({
      ok: true,
      platform: 'xhs',
      global: 'xhs',
      api,
    })
  })
  it('ignores non-objects, throwing getters and missing globals', () => {
    const hostile = Object.defineProperty({ wx: api }, 'my', {
      get() {
        throw new Error('no')
      },
    })
    expect(detectPlatform(hostile)).toMatchObject({ platform: 'wechat' })
    expect(detectPlatform({ my: 'x', tt: 0 })).toEqual({ ok: false })
    expect(detectPlatform(undefined)).toEqual({ ok: false })
  })
  it('covers every supported platform exactly once', () => {
    const ids = DETECTION_ORDER.map(([, id]) => id).filter(Boolean)
    expect([...ids].sort()).toEqual([...PLATFORM_IDS].sort())
    for (const [g, id] of DETECTION_ORDER) if (id) expect(PLATFORM_GLOBAL[id]).toBe(g)
  })
})

describe('environment per platform', () => {
  it('Alipay: envVersion from getAccountInfoSync, gray as release, the IDE from my.isIDE', () => {
    const my = {
      getAccountInfoSync: () => ({ miniProgram: { appId: '2021000', envVersion: 'gray' } }),
      getSystemInfoSync: () => ({
        platform: 'iOS',
        system: 'iOS 17.2',
        brand: 'iPhone',
        model: 'iPhone15,2',
      }),
      SDKVersion: '2.9.20',
    }
    const env = readAlipayEnvironment(my)
    expect(env).toMatchObject({
      runtime: 'wechat',
      platformId: 'alipay',
      envVersion: 'release',
      appId: '2021000',
    })
    expect(env.baseLibrary).toBe('2.9.20')
    expect(readAlipayEnvironment({ ...my, isIDE: true }).runtime).toBe('devtools')
    // A throwing or missing getter leaves the field out.
    const bare = readAlipayEnvironment({
      getAccountInfoSync: () => {
        throw new Error('old client')
      },
    })
    expect(bare).toEqual({ runtime: 'wechat', platformId: 'alipay' })
  })
  it('Douyin: envType from getEnvInfoSync, falling back to tt.env.VERSION', () => {
    expect(
      readDouyinEnvironment({
        getEnvInfoSync: () => ({ microapp: { appId: 'tt1', envType: 'production' } }),
      }),
    ).toMatchObject({ platformId: 'douyin', envVersion: 'release', appId: 'tt1' })
    expect(readDouyinEnvironment({ env: { VERSION: 'preview' } }).envVersion).toBe('develop')
    expect(readDouyinEnvironment({ getSystemInfoSync: () => ({ platform: 'devtools' }) }).runtime).toBe(
      'devtools',
    )
  })
  it('Baidu: env from getEnvInfoSync', () => {
    expect(readBaiduEnvironment({ getEnvInfoSync: () => ({ appKey: 'k', env: 'trial' }) })).toMatchObject({
      platformId: 'baidu',
      envVersion: 'trial',
      appId: 'k',
    })
  })
  it('QQ: the wx reader, tagged qq, without a "WeChat version"', () => {
    const env = readQqEnvironment({
      getAppBaseInfo: () => ({ version: '9.0.0', SDKVersion: '3.1.0', enableDebug: false }) as never,
      getDeviceInfo: () => ({ platform: 'android' }) as never,
    })
    expect(env).toMatchObject({
      platformId: 'qq',
      platform: 'android',
      baseLibrary: '3.1.0',
      enableDebug: false,
    })
    expect(env.wechatVersion).toBeUndefined()
  })
})

describe('enforcement per platform', () => {
  const state = (env: RunEnvironment) => enforcementState(platformEnforcement(env))
  it.each(['alipay', 'douyin', 'baidu'] as const)(
    '%s: definitive only in trial/release outside the IDE',
    (p) => {
      expect(state({ runtime: 'wechat', platformId: p, envVersion: 'release' })).toBe('enforced')
      expect(state({ runtime: 'wechat', platformId: p, envVersion: 'develop' })).toBe('unknown')
      expect(state({ runtime: 'wechat', platformId: p })).toBe('unknown')
      expect(state({ runtime: 'devtools', platformId: p, envVersion: 'release' })).toBe('not_enforced')
      expect(platformEnforcement({ runtime: 'devtools', platformId: p }).reasons).toEqual(['ide'])
    },
  )
  it('WeChat and QQ keep the WeChat rules (debug mode decides)', () => {
    expect(state({ runtime: 'wechat', platformId: 'qq', enableDebug: true })).toBe('not_enforced')
    expect(state({ runtime: 'wechat', platformId: 'qq', enableDebug: false })).toBe('enforced')
    expect(state({ runtime: 'wechat', platformId: 'qq' })).toBe('unknown')
    expect(state({ runtime: 'wechat', enableDebug: false })).toBe('enforced')
  })
  it('the unknown text of another platform does not talk about WeChat base libraries', () => {
    const unknown = { enforced: false, reasons: [] }
    expect(describeEnforcement(unknown, 'en', { platformId: 'alipay' })).toMatch(/trial\/release/)
    expect(describeEnforcement(unknown, 'en', { platformId: 'alipay' })).not.toMatch(/2\.15\.0/)
    expect(describeEnforcement(unknown, 'en')).toMatch(/2\.15\.0/)
    expect(describeEnforcement({ enforced: false, reasons: ['ide'] }, 'zh', { platformId: 'baidu' })).toMatch(
      /开发者工具/,
    )
  })
})

describe('platform codes in the classifier', () => {
  it('decide before the message, and are read only with the platform table', () => {
    const raw = { platform: 'alipay', api: 'request', error: 4, errMsg: 'request:fail timeout' }
    expect(classify(raw, ALIPAY_CODES)).toMatchObject({ category: 'not_whitelisted', code: 'alipay:4' })
    // Without the table the wx layers read the message.
    expect(classify(raw).category).toBe('timeout')
    // Another platform's table does not read Alipay's fields.
    expect(classify(raw, DOUYIN_CODES).category).toBe('timeout')
  })
  it('a weak code yields to a message that says more, and decides when nothing does', () => {
    const offline = { platform: 'alipay', api: 'request', error: 12, errMsg: '似乎已断开与互联网的连接。' }
    expect(classify(offline, ALIPAY_CODES).category).toBe('offline')
    const bare = { platform: 'alipay', api: 'request', error: 12, errMsg: 'request:fail 网络出错' }
    expect(classify(bare, ALIPAY_CODES)).toMatchObject({ category: 'refused', code: 'alipay:12' })
  })
  it('unknown codes stay unknown with their code kept; hostile input never throws', () => {
    expect(classify({ platform: 'alipay', api: 'request', error: 999 }, ALIPAY_CODES)).toMatchObject({
      category: 'unknown',
      code: 'alipay:999',
    })
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('x')
        },
      },
    )
    expect(classify(hostile as never, ALIPAY_CODES).category).toBe('unknown')
  })
})
