import { platformEnforcement, enforcementState } from '../../miniprogram/core/environment'
import { XHS_CODES } from '../../miniprogram/core/platform-codes'
import { PLATFORM_WHITELISTS } from '../../miniprogram/core/platform-whitelists'
import { limitsFor, PLATFORM_GLOBAL } from '../../miniprogram/core/platforms'
import { PLATFORM_CONSOLES, PLATFORM_NAMES } from '../../miniprogram/core/text'
import { createXhsAdapter } from '../../miniprogram/platform/xhs/adapter'
import { readXhsEnvironment } from '../../miniprogram/platform/xhs/environment'
import { WxLike } from '../../miniprogram/platform/wx-adapter'
import { createFakeXhs } from '../helpers/fake-xhs'
import { ManualClock } from '../helpers/fake-wx'
import { runCli } from '../helpers/cli'

/** Xiaohongshu (issue 34): environment, enforcement, tables and the CLI; the contract runs in contract*.test.ts. */
describe('xhs environment (getAppInfoSync / getAccountInfoSync / getSystemInfoSync)', () => {
  const sys = { platform: 'ios', system: 'iOS 17', brand: 'Apple', model: 'iPhone', SDKVersion: '3.1.0' }
  it('reads a release build on a phone: enforced', () => {
    const env = readXhsEnvironment({
      getSystemInfoSync: () => sys,
      getAppInfoSync: () => ({ env: 'release', platform: 'iOS', debug: false }),
      getAccountInfoSync: () => ({ miniProgram: { appId: 'xhs-app', envVersion: 'release' } }),
    })
    expect(env).toMatchObject({
      runtime: 'wechat',
      platformId: 'xhs',
      appId: 'xhs-app',
      envVersion: 'release',
    })
    expect(env.enableDebug).toBe(false)
    expect(enforcementState(platformEnforcement(env))).toBe('enforced')
  })
  it("the IDE (getAppInfoSync platform 'ide') is devtools: not enforced (ide)", () => {
    const env = readXhsEnvironment({ getAppInfoSync: () => ({ env: 'local', platform: 'ide' }) })
    expect(env).toMatchObject({ runtime: 'devtools', envVersion: 'develop' })
    expect(platformEnforcement(env)).toEqual({ enforced: false, reasons: ['ide'] })
  })
  it('a debug run never counts as enforced, even a release build', () => {
    const env = readXhsEnvironment({
      getAppInfoSync: () => ({ env: 'release', platform: 'android', debug: true }),
    })
    expect(platformEnforcement(env)).toEqual({ enforced: false, reasons: ['debug'] })
  })
  it('a develop build, or nothing readable, stays unknown; throwing getters are ignored', () => {
    const boom = () => {
      throw new Error('no')
    }
    const env = readXhsEnvironment({
      getAppInfoSync: boom,
      getAccountInfoSync: boom,
      getSystemInfoSync: boom,
    })
    expect(env).toEqual({ runtime: 'wechat', platformId: 'xhs' })
    expect(enforcementState(platformEnforcement(env))).toBe('unknown')
    const dev = readXhsEnvironment({ getAccountInfoSync: () => ({ miniProgram: { envVersion: 'develop' } }) })
    expect(enforcementState(platformEnforcement(dev))).toBe('unknown')
  })
})

describe('xhs tables', () => {
  it('global xhs, WeChat limits assumed, its own name and console, four lists', () => {
    expect(PLATFORM_GLOBAL.xhs).toBe('xhs')
    expect(limitsFor('xhs')).toEqual({ http: 10, socket: 5 })
    expect(PLATFORM_NAMES.xhs).toEqual({ zh: '小红书', en: 'Xiaohongshu' })
    expect(PLATFORM_CONSOLES.xhs.zh).toContain('小红书')
    expect(PLATFORM_WHITELISTS.xhs.rules.lists).toEqual(['socket', 'request', 'uploadFile', 'downloadFile'])
    expect(XHS_CODES.platform).toBe('xhs')
  })
  it('the adapter tags its failures xhs and clamps a probe timeout to 60 s', async () => {
    const clock = new ManualClock()
    const fake = createFakeXhs(() => ({ kind: 'fail', delayMs: 1, code: 7, msg: 'url not in domain list' }), {
      clock,
    })
    const adapter = createXhsAdapter(fake as unknown as WxLike)
    expect(adapter.limits).toEqual(limitsFor('xhs'))
    const out = new Promise((resolve) =>
      adapter.request(
        { id: 'x', category: 'request', url: 'https://api.example.com' },
        { timeoutMs: 90_000 },
        resolve,
      ),
    )
    clock.runAll()
    expect(await out).toMatchObject({ reached: false, platform: 'xhs', api: 'request', errCode: 7 })
    expect(fake.calls[0].options.timeout).toBe(60_000)
  })
})

describe('netcheck CLI on xhs', () => {
  it('whitelist --platform xhs --json lists every host of the version, in four lists', () => {
    const wx = JSON.parse(runCli(['whitelist', '--platform', 'wechat', '--sdk', '2.13.0', '--json']).stdout)
    const xhs = JSON.parse(runCli(['whitelist', '--platform', 'xhs', '--sdk', '2.13.0', '--json']).stdout)
    expect(xhs.platform).toBe('xhs')
    const hosts = (d: { lists: { entries: string[] }[] }) =>
      new Set(d.lists.flatMap((l) => l.entries.map((e) => new URL(e).host)))
    expect([...hosts(xhs)].sort()).toEqual([...hosts(wx)].sort())
    expect(hosts(xhs).size).toBeGreaterThan(0)
  })
  it('classify --platform xhs: the wx wording decides; an unknown platform is a usage error', () => {
    const r = runCli(['classify', '--platform', 'xhs', 'request:fail url not in domain list'])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ category: 'not_whitelisted' })
    const bad = runCli(['classify', '--platform', 'ks', 'request:fail'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('xhs')
  })
})
