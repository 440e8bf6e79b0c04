/** @jest-environment jsdom */
import { installFakeWx, mountPanel, sleep, until } from '../helpers/panel'

// Issue 26: what a run costs the host app, and a page left mid-run.

beforeEach(() => {
  jest.resetModules()
})

const q = (comp: { dom: HTMLElement }, cls: string) =>
  comp.dom.querySelector(`.netcheck-panel--${cls}`) as HTMLElement | null
const tap = (
  comp: { querySelector: (s: string) => { dispatchEvent: (e: string) => void } | null },
  sel: string,
) => {
  const node = comp.querySelector(sel)
  if (!node) throw new Error(`no ${sel}`)
  node.dispatchEvent('tap')
}

describe('host-requests: request slots left to the host app', () => {
  /** The host's own request issued mid-run, while the panel is at its busiest. */
  async function hostRequestMidRun(props: Record<string, unknown>) {
    const { fake } = installFakeWx(({ kind }) => ({
      kind: kind === 'socket' ? 'open' : 'success',
      delayMs: 300,
    }))
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'request,uploadFile,downloadFile', ...props })
    await sleep(10)
    tap(comp, '.nc-primary')
    await sleep(50)
    const hostFails: { errMsg: string }[] = []
    for (const n of [1, 2])
      fake.request({ url: `https://api${n}.host.example.com`, fail: (e) => hostFails.push(e) })
    await until(() => q(comp, 'nc-share') !== null, 10_000)
    return { fake, hostFails, comp }
  }

  it('host-requests="2": the panel runs 8 at once and the host’s two requests mid-run are not refused', async () => {
    const { fake, hostFails, comp } = await hostRequestMidRun({ hostRequests: 2 })
    expect(hostFails).toEqual([])
    expect(fake.refusedForLimit).toBe(0)
    // The panel's 8 and the host's 2: WeChat's 10, never more.
    expect(fake.maxConcurrent.http).toBe(10)
    await sleep(250)
    expect(comp.dom.textContent).toContain('已为宿主小程序留出 2 个网络请求名额')
  }, 15_000)

  it('without it the panel takes all 10 and a host request mid-run is refused (why the property exists)', async () => {
    const { hostFails } = await hostRequestMidRun({})
    expect(hostFails.map((e) => e.errMsg)).toEqual([
      'request:fail exceed max task count',
      'request:fail exceed max task count',
    ])
  }, 15_000)
})

describe('leaving the page mid-run', () => {
  it('detach cancels quietly: no history written, no report event, every task released', async () => {
    const g = globalThis as unknown as { wx: Record<string, unknown> }
    const { fake } = installFakeWx(({ url, kind }) =>
      url.includes('coolbcloud')
        ? { kind: kind === 'socket' ? 'open' : 'success', delayMs: 5 }
        : { kind: 'hang' },
    )
    const stored: string[] = []
    g.wx.setStorageSync = (key: string) => void stored.push(key)
    g.wx.getStorageSync = () => undefined
    const { comp, instance } = mountPanel({ sdk: '2.13.0' })
    const events: string[] = []
    const inst = instance as unknown as { triggerEvent: (name: string, detail: unknown) => void }
    const trigger = inst.triggerEvent.bind(inst)
    inst.triggerEvent = (name, detail) => {
      events.push(name)
      trigger(name, detail)
    }
    await sleep(10)
    tap(comp, '.nc-primary')
    await sleep(60)
    expect(fake.calls.length).toBeGreaterThan(0)
    comp.detach()
    await sleep(100)
    expect(stored).toEqual([])
    expect(events).toEqual([])
    expect(fake.openTotal).toBe(0)
  })

  it('a run that finished before detach is saved and reported as before', async () => {
    const g = globalThis as unknown as { wx: Record<string, unknown> }
    installFakeWx(({ kind }) => ({ kind: kind === 'socket' ? 'open' : 'success', delayMs: 5 }))
    const stored: string[] = []
    g.wx.setStorageSync = (key: string) => void stored.push(key)
    g.wx.getStorageSync = () => undefined
    const { comp, instance } = mountPanel({ sdk: '2.13.0', only: 'request' })
    const events: string[] = []
    const inst = instance as unknown as { triggerEvent: (name: string, detail: unknown) => void }
    const trigger = inst.triggerEvent.bind(inst)
    inst.triggerEvent = (name, detail) => {
      events.push(name)
      trigger(name, detail)
    }
    await sleep(10)
    tap(comp, '.nc-primary')
    await until(() => events.includes('report'))
    comp.detach()
    expect(stored.some((k) => k.startsWith('zim-netcheck/report/'))).toBe(true)
    expect(events).toEqual(['report'])
  })
})
