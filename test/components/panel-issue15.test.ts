/** @jest-environment jsdom */
import { installFakeWx, mountPanel, sleep, until } from '../helpers/panel'

// Issue 15 in the real panel under miniprogram-simulate: problems first, causes and readiness, acting on one
// row, "检测中" in flight, the not-enforced caveat said once, share status and a cancelled file share.

// On jest's fake clock (sleep/until in helpers/panel move it): a busy machine cannot change what a test sees.
beforeEach(() => {
  jest.resetModules()
  jest.useFakeTimers()
})
afterEach(() => jest.useRealTimers())

type Comp = ReturnType<typeof mountPanel>['comp']
const qa = (comp: Comp, cls: string) =>
  Array.from(comp.dom.querySelectorAll(`.netcheck-panel--${cls}`)) as HTMLElement[]
const q = (comp: Comp, cls: string) => qa(comp, cls)[0] as HTMLElement | undefined
const plain = (s: string | null | undefined) => (s ?? '').replace(/\u200b/g, '')
const tapNth = (comp: Comp, sel: string, n = 0) => {
  const nodes = comp.querySelectorAll(sel)
  if (!nodes[n]) throw new Error(`no ${sel}[${n}]`)
  nodes[n].dispatchEvent('tap')
}

/** coolhcloud HTTP domains not whitelisted, everything else answers. */
const failing =
  (broken: () => boolean) =>
  ({ url, kind }: { url: string; kind: string }) =>
    broken() && url.includes('coolhcloud') && kind !== 'socket'
      ? { kind: 'fail' as const, delayMs: 5, errMsg: `${kind}:fail url not in domain list`, errno: 600002 }
      : { kind: kind === 'socket' ? ('open' as const) : ('success' as const), delayMs: 5 }

async function finished(comp: Comp) {
  await until(() => comp.data.phase === 'done')
  await sleep(250)
}

describe('netcheck-panel: problems first', () => {
  it('shows failing rows with their groups folded to counts; a tap unfolds the passing rows', async () => {
    installFakeWx(failing(() => true))
    const { comp } = mountPanel({ sdk: '2.13.0' })
    await sleep(20)
    tapNth(comp, '.nc-primary')
    await finished(comp)
    const rows = qa(comp, 'nc-row')
    // Only the problems are rows: 3 request, 3 uploadFile, 1 downloadFile coolhcloud domains.
    expect(rows.length).toBe(
      comp.data.run.groups
        .flatMap((g: { rows: { status: string }[] }) => g.rows)
        .filter((r: { status: string }) => r.status === 'fail').length,
    )
    expect(rows.every((r) => r.textContent?.includes('失败'))).toBe(true)
    expect(qa(comp, 'nc-ghead').map((g) => g.textContent)).toEqual([
      expect.stringMatching(/^socket 合法域名 \(16\)通过 16展开$/),
      expect.stringMatching(/^request 合法域名 \(12\)失败 \d+ · 通过 \d+展开$/),
      expect.stringMatching(/^uploadFile/),
      expect.stringMatching(/^downloadFile/),
    ])
    const before = rows.length
    tapNth(comp, '.nc-ghead', 0)
    await sleep(30)
    expect(qa(comp, 'nc-row')).toHaveLength(before + 16)
    expect(qa(comp, 'nc-ghead')[0].textContent).toMatch(/收起$/)
  })

  it('sums up the causes and each purpose’s readiness', async () => {
    installFakeWx(failing(() => true))
    const { comp } = mountPanel({ sdk: '2.13.0' })
    await sleep(20)
    tapNth(comp, '.nc-primary')
    await finished(comp)
    expect(q(comp, 'nc-causes')?.textContent).toMatch(
      /request\/uploadFile\/downloadFile 共 \d+ 个域名：未加入合法域名/,
    )
    const ready = qa(comp, 'nc-ready')[0].textContent ?? ''
    expect(ready).toContain('接入域名● 10/10 可达')
    expect(ready).toMatch(/文件媒体消息● \d+\/\d+ 可达/)
  })
})

describe('netcheck-panel: rows you can act on', () => {
  it('retests one row and copies one row', async () => {
    let broken = true
    const wxs = installFakeWx(failing(() => broken))
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'request' })
    await sleep(20)
    tapNth(comp, '.nc-primary')
    await finished(comp)
    const fails = qa(comp, 'nc-row').length
    expect(fails).toBeGreaterThan(1)
    tapNth(comp, '.nc-row-main', 0)
    await sleep(30)
    tapNth(comp, '.nc-copy-row', 0)
    await sleep(30)
    const copied = wxs.clipboard[0].data
    expect(copied).toMatch(
      /^失败 request https:\/\/\S+coolhcloud\.com · \d+ ms · not_whitelisted: request:fail url not in domain list \(errno 600002\) · 本地时间 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/,
    )
    expect(copied).not.toContain('\u200b')
    const calls = wxs.fake.calls.length
    broken = false
    tapNth(comp, '.nc-retest', 0)
    await finished(comp)
    expect(wxs.fake.calls.length - calls).toBe(1)
    expect(qa(comp, 'nc-row')).toHaveLength(fails - 1)
  })

  it('rows in flight say "检测中", queued ones "等待"', async () => {
    installFakeWx(() => ({ kind: 'hang' }))
    const { comp } = mountPanel({ sdk: '2.13.0' })
    await sleep(20)
    tapNth(comp, '.nc-primary')
    await sleep(300)
    const statuses = qa(comp, 'nc-st').map((s) => s.textContent)
    expect(statuses.filter((s) => s === '检测中')).toHaveLength(15)
    expect(statuses.filter((s) => s === '等待')).toHaveLength(31)
    comp.detach()
  })

  it('"retry failed" takes the timeout picked after the run', async () => {
    let broken = true
    const wxs = installFakeWx(failing(() => broken))
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'request', timeout: 5000 })
    await sleep(20)
    tapNth(comp, '.nc-primary')
    await finished(comp)
    // The timeout picker's change (30 s).
    comp.instance.onPickTimeout({ detail: { value: 3 } })
    await sleep(30)
    broken = false
    const from = wxs.fake.calls.length
    comp.querySelectorAll('.nc-btn')[1].dispatchEvent('tap')
    await finished(comp)
    const timeouts = wxs.fake.calls.slice(from).map((c) => (c.options as { timeout?: number }).timeout)
    expect(timeouts.length).toBeGreaterThan(0)
    expect(timeouts.every((t) => t !== undefined && t > 20_000 && t <= 30_000)).toBe(true)
  })
})

describe('netcheck-panel: not enforced, said once', () => {
  it('one banner, rows stay passes with "通过（未校验）", no warning count', async () => {
    installFakeWx(
      failing(() => false),
      { enableDebug: true },
    )
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'socket' })
    await sleep(20)
    tapNth(comp, '.nc-primary')
    await finished(comp)
    expect(qa(comp, 'nc-alert')).toHaveLength(1)
    const title = q(comp, 'nc-alert-title')?.textContent ?? ''
    expect(title).toBe('本次运行不校验合法域名')
    expect(q(comp, 'nc-alert-text')?.textContent).not.toContain(title)
    expect(q(comp, 'nc-verdict')?.textContent).toBe('16 项中没有失败')
    tapNth(comp, '.nc-ghead', 0)
    await sleep(30)
    expect(new Set(qa(comp, 'nc-st').map((s) => s.textContent))).toEqual(new Set(['通过（未校验）']))
  })
})

describe('netcheck-panel: sharing', () => {
  it('the share status goes away with a new run; a cancelled file share is not an error', async () => {
    installFakeWx(failing(() => true))
    const g = globalThis as unknown as { wx: Record<string, unknown> }
    g.wx.shareFileMessage = (o: { fail?: (e: unknown) => void }) =>
      o.fail?.({ errMsg: 'shareFileMessage:fail cancel' })
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'request' })
    await sleep(20)
    tapNth(comp, '.nc-primary')
    await finished(comp)
    // Copy, file, card: the second is "send JSON file".
    tapNth(comp, '.nc-share-row .nc-btn', 1)
    await sleep(30)
    const msg = q(comp, 'nc-share-msg')
    expect(msg?.textContent).toBe('已取消发送文件')
    expect(msg?.className).not.toContain('nc-bad')
    tapNth(comp, '.nc-primary')
    await sleep(30)
    expect(q(comp, 'nc-share-msg')).toBeUndefined()
    await finished(comp)
    expect(q(comp, 'nc-share-msg')).toBeUndefined()
  })

  it('the copied text starts with the local time and its zone, and the support viewer still reads it', async () => {
    const wxs = installFakeWx(failing(() => true))
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'request' })
    await sleep(20)
    tapNth(comp, '.nc-primary')
    await finished(comp)
    tapNth(comp, '.nc-share-row .nc-btn', 0)
    await sleep(30)
    const text = wxs.clipboard[0].data
    expect(text.split('\n')[0]).toMatch(/^本地时间 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC([+-]\d+(:\d\d)?)?$/)
    const { parseCopyText } = await import('../../web/viewer/copy-text')
    const parsed = parseCopyText(text)
    expect(parsed.ok).toBe(true)
    expect(plain(text)).toBe(text)
  })

  it('tells the host page the panel’s language with the report (share titles in it)', async () => {
    installFakeWx(
      failing(() => false),
      { language: 'en' },
    )
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'socket' })
    const events: { lang: string; report: unknown }[] = []
    comp.addEventListener('report', (e: { detail: { lang: string; report: unknown } }) =>
      events.push(e.detail),
    )
    await sleep(20)
    tapNth(comp, '.nc-primary')
    await finished(comp)
    expect(events[0].lang).toBe('en')
    const { shareCard } = await import('../../miniprogram/package/share')
    const card = shareCard(events[0].report as never, undefined, 'en')
    expect(card.title).toBe('ZIM 2.13.0: none of 16 failed')
  })
})
