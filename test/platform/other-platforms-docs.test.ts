import { RawOutcome } from '../../miniprogram/core/adapter'
import { classify } from '../../miniprogram/core/classifier'
import { BAIDU_CODES, DOUYIN_CODES } from '../../miniprogram/core/platform-codes'
import { createBaiduAdapter } from '../../miniprogram/platform/baidu/adapter'
import { readBaiduEnvironment, SwanEnvApi } from '../../miniprogram/platform/baidu/environment'
import { createDouyinAdapter } from '../../miniprogram/platform/douyin/adapter'
import { readDouyinEnvironment, TtEnvApi } from '../../miniprogram/platform/douyin/environment'
import { WxLike } from '../../miniprogram/platform/wx-adapter'
import { fakeSwanEnv, fakeTtEnv, MiniBehaviour, MiniCall } from '../helpers/fake-mini'
import { createFakeSwan } from '../helpers/fake-swan'
import { createFakeTt } from '../helpers/fake-tt'
import { ManualClock } from '../helpers/fake-wx'

/*
 * Douyin and Baidu as their own pages describe them (sources in test/helpers/fake-mini.ts TT_RULES / SWAN_RULES
 * and docs/platforms.md): first that the fakes follow those rules, then what the adapters and readers do there.
 */

type Script = (call: MiniCall) => MiniBehaviour
const target = (category: 'request' | 'uploadFile' | 'downloadFile' | 'socket', url: string) => ({
  id: `${category}:${url}`,
  category,
  url,
})

describe('the tt fake follows TT_RULES', () => {
  it('a SocketTask.close() before connectSocket answered does nothing: the socket stays', () => {
    const clock = new ManualClock()
    const tt = createFakeTt(() => ({ kind: 'hang' }), { clock })
    const task = tt.connectSocket({ url: 'wss://a.example.com' })
    task.close()
    clock.runAll()
    expect(tt.open).toBe(1)
    task.close()
    expect(tt.open).toBe(0)
  })

  it('request honours `timeout` from base library 2.31.0 only; before, the 60 s default', () => {
    for (const [lib, at] of [
      ['2.31.0', 300],
      ['2.30.0', 60_000],
    ] as const) {
      const clock = new ManualClock()
      const tt = createFakeTt(() => ({ kind: 'hang' }), { clock, baseLibrary: lib })
      const fails: unknown[] = []
      tt.request({ url: 'https://a.example.com', timeout: 300, fail: (e: unknown) => fails.push(e) })
      clock.advance(at - 1)
      expect(fails).toHaveLength(0)
      clock.advance(1)
      expect(fails).toEqual([{ errMsg: 'request:fail timeout' }])
    }
  })

  it('a host outside the list fails "url not in domain list, url == …"', () => {
    const clock = new ManualClock()
    const tt = createFakeTt(() => ({ kind: 'open' }), { clock, domains: ['ok.example.com'] })
    const fails: unknown[] = []
    tt.connectSocket({ url: 'wss://no.example.com/ws', fail: (e: unknown) => fails.push(e) })
    clock.runAll()
    expect(fails).toEqual([
      { errMsg: 'connectSocket:fail url not in domain list, url == wss://no.example.com/ws' },
    ])
    expect(tt.open).toBe(0)
  })
})

describe('the swan fake follows SWAN_RULES', () => {
  it('swan.request ignores `timeout`: its 10 s default ends it; uploads take 60 s', () => {
    const clock = new ManualClock()
    const swan = createFakeSwan(() => ({ kind: 'hang' }), { clock })
    const fails: string[] = []
    swan.request({ url: 'https://a.example.com', timeout: 300, fail: () => fails.push('request') })
    swan.downloadFile({ url: 'https://a.example.com', timeout: 300, fail: () => fails.push('download') })
    clock.advance(9_999)
    expect(fails).toEqual([])
    clock.advance(1)
    expect(fails).toEqual(['request'])
    clock.advance(50_000)
    expect(fails).toEqual(['request', 'download'])
  })

  it('a request over the per-host limit waits for a slot (iOS 6), it does not fail', () => {
    const clock = new ManualClock()
    const swan = createFakeSwan(() => ({ kind: 'success', delayMs: 100, status: 200 }), { clock })
    const done: number[] = []
    for (let i = 0; i < 7; i++)
      swan.request({ url: 'https://a.example.com/' + i, success: () => done.push(clock.now()) })
    clock.runAll()
    expect(done).toEqual([100, 100, 100, 100, 100, 100, 200])
  })

  it('iOS: a socket over 5 fails with errorCode 1; before base library 1.9.4 a new socket closes the old one', () => {
    const clock = new ManualClock()
    const swan = createFakeSwan(() => ({ kind: 'open' }), { clock, hostSockets: 5 })
    const fails: unknown[] = []
    swan.connectSocket({ url: 'wss://a.example.com', fail: (e: unknown) => fails.push(e) })
    clock.runAll()
    expect(fails).toEqual([{ errMsg: 'connectSocket:fail 超过设置的最大task数量', errorCode: 1 }])
    const old = createFakeSwan(() => ({ kind: 'open' }), { clock, baseLibrary: '1.9.3' })
    old.connectSocket({ url: 'wss://a.example.com' })
    old.connectSocket({ url: 'wss://b.example.com' })
    expect(old.closedBySingleMode).toBe(1)
  })
})

describe('Douyin adapter', () => {
  const run = (script: Script) => {
    const clock = new ManualClock()
    const tt = createFakeTt(script, { clock })
    return { clock, tt, adapter: createDouyinAdapter(tt as unknown as WxLike) }
  }

  it('a socket probe aborted before connectSocket answered is still closed (no slot left behind)', () => {
    const { clock, tt, adapter } = run(() => ({ kind: 'hang' }))
    const outs: RawOutcome[] = []
    const task = adapter.connectSocket(target('socket', 'wss://a.example.com'), { timeoutMs: 1000 }, (o) =>
      outs.push(o),
    )
    task.abort()
    clock.runAll()
    expect(tt.open).toBe(0)
    expect(outs).toEqual([])
  })

  it('a socket settled by its fail is not closed twice, and a host outside the list is not_whitelisted', () => {
    const clock = new ManualClock()
    const tt = createFakeTt(() => ({ kind: 'open' }), { clock, domains: ['ok.example.com'] })
    const adapter = createDouyinAdapter(tt as unknown as WxLike)
    const outs: RawOutcome[] = []
    adapter.connectSocket(target('socket', 'wss://no.example.com'), { timeoutMs: 1000 }, (o) => outs.push(o))
    clock.runAll()
    expect(outs).toHaveLength(1)
    expect(classify(outs[0], adapter.codes)).toMatchObject({ category: 'not_whitelisted' })
    expect(tt.open).toBe(0)
  })

  it('its runtime wordings decide: not in the list, and a scheme the build may not use', () => {
    const read = (msg: string) => DOUYIN_CODES.read({ api: 'request' }, msg).strong?.category
    expect(read('request:fail url not in domain list, url == https://x.example.com')).toBe('not_whitelisted')
    expect(
      read('connectSocket:fail url use invalid protocol, url == ws://x, url support protocol is wss'),
    ).toBe('bad_request')
  })

  it('environment: getEnvInfoSync where the base library has it, tt.env.VERSION before', () => {
    expect(readDouyinEnvironment(fakeTtEnv('2.50.0', { envType: 'production' }) as TtEnvApi)).toMatchObject({
      envVersion: 'release',
      appId: 'tt0123456789abcdef',
    })
    const old = readDouyinEnvironment(fakeTtEnv('1.80.0', { envType: 'production' }) as TtEnvApi)
    expect(old.envVersion).toBe('release')
    expect(old.appId).toBeUndefined()
    expect(
      readDouyinEnvironment(fakeTtEnv('1.80.0', { envType: 'development' }) as TtEnvApi).envVersion,
    ).toBe('develop')
  })
})

describe('Baidu adapter', () => {
  it('a download failing 1002 "无法确定下载文件大小" reached the server', () => {
    const clock = new ManualClock()
    const swan = createFakeSwan(() => ({ kind: 'fail', code: 1002, msg: '无法确定下载文件大小' }), { clock })
    const adapter = createBaiduAdapter(swan as unknown as WxLike)
    const outs: RawOutcome[] = []
    adapter.downloadFile(target('downloadFile', 'https://a.example.com/f'), { timeoutMs: 1000 }, (o) =>
      outs.push(o),
    )
    clock.runAll()
    expect(outs).toEqual([{ reached: true }])
  })

  it('a 1002 of another API stays a failure', () => {
    const clock = new ManualClock()
    const swan = createFakeSwan(() => ({ kind: 'fail', code: 1002, msg: 'x' }), { clock })
    const adapter = createBaiduAdapter(swan as unknown as WxLike)
    const outs: RawOutcome[] = []
    adapter.request(target('request', 'https://a.example.com'), { timeoutMs: 1000 }, (o) => outs.push(o))
    clock.runAll()
    expect(outs[0].reached).toBe(false)
  })

  it('its per-API codes: socket errorCode 1 is too many sockets, request errorCode 4 an invalid URL', () => {
    const cat = (r: Record<string, unknown>) =>
      classify({ platform: 'baidu', errMsg: 'x:fail', ...r }, BAIDU_CODES)
    expect(cat({ api: 'socket', errorCode: 1 })).toMatchObject({ category: 'too_many', code: 'baidu:1' })
    expect(cat({ api: 'socket', errorCode: 2 }).category).toBe('bad_request')
    expect(cat({ api: 'socket', errCode: 4 }).category).toBe('bad_request')
    expect(cat({ api: 'request', errorCode: 4 }).category).toBe('bad_request')
    expect(cat({ api: 'uploadFile', errCode: 1 }).category).toBe('bad_request')
    // The same numbers elsewhere mean nothing documented.
    expect(cat({ api: 'request', errorCode: 1 }).category).toBe('unknown')
    expect(cat({ api: 'request', errCode: 4 }).category).toBe('unknown')
  })

  it('environment: env from 3.90.12, nothing before 2.0.28, and an Error returned (3.140.1+) is no info', () => {
    const read = (lib: string, o = {}) => readBaiduEnvironment(fakeSwanEnv(lib, o) as SwanEnvApi)
    expect(read('3.200.0', { env: 'trial' })).toMatchObject({ envVersion: 'trial', appId: 'swanAppKey0123' })
    expect(read('3.90.11').envVersion).toBeUndefined()
    expect(read('3.90.11').appId).toBe('swanAppKey0123')
    expect(read('2.0.27').appId).toBeUndefined()
    const failed = read('3.140.1', { failing: true })
    expect(failed.envVersion).toBeUndefined()
    expect(failed.appId).toBeUndefined()
  })
})
