/** @jest-environment jsdom */
import { count, flag } from '../../miniprogram/components/netcheck-panel/props'
import { installFakeWx, mountPanel, sleep, until } from '../helpers/panel'

// Issue 36, item 4: uni-app and Taro hand static attributes over as text (`canary="false"`, `host-sockets="2"`).

beforeEach(() => {
  jest.resetModules()
})

describe('reading a property given as text', () => {
  it.each([
    [false, true, false],
    [true, false, true],
    ['false', true, false],
    [' FALSE ', true, false],
    ['0', true, false],
    ['off', true, false],
    ['true', false, true],
    ['1', false, true],
    ['', false, true],
    ['banana', true, true],
    ['banana', false, false],
    [0, true, false],
    [null, true, true],
    [undefined, false, false],
  ])('flag(%j, fallback %j) is %j', (value, fallback, expected) => {
    expect(flag(value, fallback)).toBe(expected)
  })

  it.each([
    [2, 0, 2],
    ['2', 0, 2],
    [' 8000 ', 0, 8000],
    ['', 7, 7],
    ['two', 7, 7],
    [null, 7, 7],
    [NaN, 7, 7],
    [{}, 7, 7],
  ])('count(%j, fallback %j) is %j', (value, fallback, expected) => {
    expect(count(value, fallback)).toBe(expected)
  })
})

/** Every probe answers at once; sockets stay open 200 ms so the peak of sockets at once shows. */
const script = ({ kind }: { kind: string }) =>
  kind === 'socket' ? { kind: 'open' as const, delayMs: 200 } : { kind: 'success' as const, delayMs: 5 }

describe('the panel with text properties', () => {
  it('autostart="false", canary="false" and host-sockets="2" mean what they say', async () => {
    const { fake } = installFakeWx(script)
    const { comp } = mountPanel({
      sdk: '2.13.0',
      only: 'socket',
      autostart: 'false',
      canary: 'false',
      hostSockets: '2',
    })
    await sleep(50)
    // "false" is not a run started on attach (WeChat's Boolean conversion would make it true).
    expect(comp.data.phase).toBe('idle')
    expect(fake.calls).toHaveLength(0)
    comp.querySelector('.nc-primary').dispatchEvent('tap')
    await until(() => comp.data.phase === 'done', 10_000)
    // No canary, and at most 5 - 2 sockets of the panel's at once.
    expect(fake.calls.filter((c) => c.url.includes('zim-canary-'))).toHaveLength(0)
    expect(fake.callsOf('socket').length).toBeGreaterThan(3)
    expect(fake.maxConcurrent.socket).toBe(3)
    comp.detach()
    fake.dispose()
  })

  it('autostart="true" starts, and the canary runs unless told "false"', async () => {
    const { fake } = installFakeWx(script)
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'socket', autostart: 'true', canary: 'true' })
    await until(() => comp.data.phase === 'done', 10_000)
    expect(fake.calls.filter((c) => c.url.includes('zim-canary-')).length).toBeGreaterThan(0)
    expect(fake.maxConcurrent.socket).toBe(5)
    comp.detach()
    fake.dispose()
  })

  it('strings set later through setData (uni-app’s `u-p` path) are read the same way', async () => {
    const { fake } = installFakeWx(script)
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'socket' })
    await sleep(20)
    comp.setData({ hostSockets: '4', canary: 'false' })
    await sleep(20)
    comp.querySelector('.nc-primary').dispatchEvent('tap')
    await until(() => comp.data.phase === 'done', 10_000)
    expect(fake.maxConcurrent.socket).toBe(1)
    expect(fake.calls.filter((c) => c.url.includes('zim-canary-'))).toHaveLength(0)
    comp.detach()
    fake.dispose()
  })
})
