/** @jest-environment jsdom */
import { installFakeWx, mountPanel, sleep, until } from '../helpers/panel'
import { Report } from '../../miniprogram/core/report'
import { shareCard } from '../../miniprogram/platform/share-card'
import { formatTiming } from '../../miniprogram/store/view-model'

// On jest's fake clock (sleep/until in helpers/panel move it): a busy machine cannot change what a test sees.
beforeEach(() => {
  jest.resetModules()
  jest.useFakeTimers()
})
afterEach(() => jest.useRealTimers())

const text = (comp: { dom: HTMLElement }) => comp.dom.textContent ?? ''
const q = (comp: { dom: HTMLElement }, cls: string) =>
  comp.dom.querySelector(`.netcheck-panel--${cls}`) as HTMLElement | null
const qa = (comp: { dom: HTMLElement }, cls: string) =>
  Array.from(comp.dom.querySelectorAll(`.netcheck-panel--${cls}`)) as HTMLElement[]
const tap = (
  comp: { querySelector: (s: string) => { dispatchEvent: (e: string) => void } | null },
  sel: string,
) => {
  const node = comp.querySelector(sel)
  if (!node) throw new Error(`no ${sel}`)
  node.dispatchEvent('tap')
}
const verdictOf = (comp: { dom: HTMLElement }) => q(comp, 'nc-verdict')?.textContent ?? ''

describe('netcheck-panel on a real phone', () => {
  it('the app going to the background pauses the run; it resumes on show; listeners go on detach', async () => {
    const { fake } = installFakeWx(({ kind }) => ({
      kind: kind === 'socket' ? 'open' : 'success',
      delayMs: 60,
    }))
    const { comp } = mountPanel({ sdk: '2.13.0' })
    await sleep(10)
    expect(fake.appListenerCount).toBe(2)
    tap(comp, '.nc-primary')
    await sleep(30)
    fake.hide()
    const calls = fake.calls.length
    await sleep(400)
    // In-flight probes answered; nothing new started while hidden.
    expect(fake.calls.length).toBe(calls)
    expect(calls).toBeLessThan(46)
    expect(text(comp)).toContain('检测已暂停，回到前台后继续')
    fake.show()
    await until(() => verdictOf(comp).includes('没有失败'))
    await sleep(250)
    expect(text(comp)).not.toContain('检测已暂停')
    expect(fake.calls.length).toBe(46)
    comp.detach()
    expect(fake.appListenerCount).toBe(0)
  })

  it('2 host sockets + dropped wss → every socket row timeout, none too_many; the host’s sockets are said once', async () => {
    const { fake } = installFakeWx(() => ({ kind: 'hang' }), {}, { hostSockets: 2 })
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'socket', timeout: 1000 })
    await sleep(10)
    tap(comp, '.nc-primary')
    // Done when the share card shows.
    await until(() => q(comp, 'nc-share') !== null, 25_000)
    await sleep(250)
    expect(verdictOf(comp)).toBe('16 项中 16 项失败：超时 16 项')
    expect(text(comp)).not.toContain('并发任务过多')
    expect(qa(comp, 'nc-notice').map((n) => n.textContent)).toContain(
      '宿主小程序自己占用了 2 个 WebSocket 连接（微信最多 5 个）：本次只用 3 个并发检测 socket 域名',
    )
    expect(fake.maxConcurrent.socket).toBe(3)
    expect(fake.openTotal).toBe(0)
  }, 30_000)

  it('the host-sockets property probes with what is left, with no refused call', async () => {
    const { fake } = installFakeWx(() => ({ kind: 'open', delayMs: 20 }), {}, { hostSockets: 2 })
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'socket', hostSockets: 2 })
    await sleep(10)
    tap(comp, '.nc-primary')
    await until(() => verdictOf(comp).includes('没有失败'))
    await sleep(250)
    expect(fake.refusedForLimit).toBe(0)
    expect(fake.maxConcurrent.socket).toBe(3)
    expect(text(comp)).toContain('已按宿主占用 2 个 WebSocket 连接设置并发')
  })

  it('a probe file that cannot be written is a local storage finding, not a network failure', async () => {
    const { fake } = installFakeWx(() => ({ kind: 'success', delayMs: 5 }))
    fake.writeFails = true
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'uploadFile' })
    await sleep(10)
    tap(comp, '.nc-primary')
    await until(() => q(comp, 'nc-share') !== null)
    await sleep(250)
    expect(fake.callsOf('uploadFile')).toHaveLength(0)
    expect(q(comp, 'nc-row')?.textContent).toContain('本地存储写入失败')
    expect(text(comp)).not.toContain('未知错误')
    expect(text(comp)).toContain('本机文件空间已满或不可写：uploadFile 域名未能检测，不是网络问题')
  })

  it('the whitelist copy buttons tell errno 104 (not agreed) from 112 (not declared)', async () => {
    const wxs = installFakeWx(() => ({ kind: 'success' }))
    const { comp } = mountPanel({ sdk: '2.13.0' })
    await sleep(10)
    const tabs = comp.querySelectorAll('.nc-tab')
    tabs[1].dispatchEvent('tap')
    await sleep(20)
    wxs.refuseClipboard({ errMsg: 'setClipboardData:fail privacy permission is not authorized', errno: 104 })
    comp.querySelectorAll('.nc-copy')[0].dispatchEvent('tap')
    await sleep(20)
    expect(q(comp, 'nc-error')?.textContent).toMatch(/你还没有同意本小程序的隐私保护指引（errno 104）/)
    wxs.refuseClipboard({
      errMsg: 'setClipboardData:fail api scope is not declared in the privacy agreement',
      errno: 112,
    })
    comp.querySelectorAll('.nc-copy')[0].dispatchEvent('tap')
    await sleep(20)
    expect(q(comp, 'nc-error')?.textContent).toMatch(/没有声明“剪切板”（errno 112）.*用户隐私保护指引/)
  })

  it('the report event names the share-path page; the card opens it (default /pages/report/index)', async () => {
    installFakeWx(({ kind }) => ({ kind: kind === 'socket' ? 'open' : 'success', delayMs: 5 }))
    const { comp, instance } = mountPanel({
      sdk: '2.13.0',
      only: 'request',
      sharePath: '/pkgDebug/report/index',
    })
    const events: { report: Report; sharePage: string }[] = []
    const inst = instance as unknown as {
      triggerEvent: (name: string, detail: unknown) => void
      sharePage: () => string
    }
    const trigger = inst.triggerEvent.bind(inst)
    inst.triggerEvent = (name, detail) => {
      if (name === 'report') events.push(detail as { report: Report; sharePage: string })
      trigger(name, detail)
    }
    await sleep(10)
    tap(comp, '.nc-primary')
    await until(() => events.length === 1)
    expect(events[0].sharePage).toBe('/pkgDebug/report/index')
    expect(shareCard(events[0].report, events[0].sharePage).path).toMatch(
      /^\/pkgDebug\/report\/index\?r=z1\./,
    )
    comp.setData({ sharePath: 'not a page' })
    expect(inst.sharePage()).toBe('/pages/report/index')
  })
})

describe('timing labels follow RequestProfile', () => {
  it('connect includes TLS; TLS is shown as the part of it that it is', () => {
    expect(formatTiming({ totalMs: 120, dnsMs: 5, connectMs: 60, tlsMs: 40, ttfbMs: 30 }, 'zh')).toBe(
      'DNS 5 · 建连（含 TLS） 60 · 其中 TLS 40 · 首字节 30 · 总计 120 ms',
    )
    expect(formatTiming({ totalMs: 120, connectMs: 60 }, 'en')).toBe('connect (incl. TLS) 60 · total 120 ms')
    expect(formatTiming({ totalMs: 9 }, 'en')).not.toMatch(/TCP|TLS/)
  })
})
