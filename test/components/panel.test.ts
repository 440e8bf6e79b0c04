/** @jest-environment jsdom */
import { installFakeWx, mountPanel, sleep, until } from '../helpers/panel'

// Fake timers: the fake wx's delays, the engine's deadlines, view sync's 200 ms and j-component's taps all run on
// jest's clock, which `sleep`/`until` move; a busy machine cannot change what a test sees.
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
/** Taps the n-th node with a class (j-component's querySelectorAll on the component). */
const tapNth = (
  comp: { querySelectorAll: (s: string) => { dispatchEvent: (e: string) => void }[] },
  sel: string,
  n: number,
) => {
  const nodes = comp.querySelectorAll(sel)
  if (!nodes[n]) throw new Error(`no ${sel}[${n}]`)
  nodes[n].dispatchEvent('tap')
}

describe('netcheck-panel', () => {
  it('idle → running → done with a verdict, results grouped by category', async () => {
    const { fake } = installFakeWx(({ url, kind }) =>
      url.includes('coolzcloud') && kind === 'request'
        ? { kind: 'fail', delayMs: 30, errMsg: 'request:fail url not in domain list', errno: 600002 }
        : { kind: kind === 'socket' ? 'open' : 'success', delayMs: 20 },
    )
    const { comp } = mountPanel({ sdk: '2.13.0' })
    await sleep(20)
    // Idle: the plan is listed, nothing runs.
    expect(qa(comp, 'nc-row')).toHaveLength(46)
    expect(text(comp)).toContain('点击“开始检测”')
    expect(fake.calls).toHaveLength(0)
    tap(comp, '.nc-primary')
    await sleep(5)
    expect(fake.calls.length).toBeGreaterThan(0)
    await until(() => (q(comp, 'nc-verdict')?.textContent ?? '').includes('失败'))
    await sleep(200)
    // Two request domains end in coolzcloud.com: detaillog-global and access-zfpxy-global.
    expect(q(comp, 'nc-verdict')?.textContent).toBe('46 项中 2 项失败：未加入合法域名 2 项')
    expect(q(comp, 'nc-count')?.textContent).toBe('46/46')
    const titles = qa(comp, 'nc-group').map(
      (g) => g.querySelector('.netcheck-panel--nc-card-title')?.textContent,
    )
    expect(titles).toEqual([
      'socket 合法域名 (16)',
      'request 合法域名 (12)',
      'uploadFile 合法域名 (12)',
      'downloadFile 合法域名 (6)',
    ])
    // Problems first: the two failures on top, every group folded to its counts.
    expect(qa(comp, 'nc-row').map((r) => r.querySelector('.netcheck-panel--nc-st')?.className)).toEqual([
      expect.stringContaining('nc-fail'),
      expect.stringContaining('nc-fail'),
    ])
    expect(qa(comp, 'nc-group').map((g) => g.querySelector('.netcheck-panel--nc-meta')?.textContent)).toEqual(
      ['通过 16', '失败 2 · 通过 10', '通过 12', '通过 6'],
    )
    expect(qa(comp, 'nc-row')).toHaveLength(2)
    expect(fake.openTotal).toBe(0)
  })

  it('cancel keeps finished results and skips the rest, releasing every task', async () => {
    const { fake } = installFakeWx(({ url, kind }) =>
      url.includes('coolbcloud')
        ? { kind: kind === 'socket' ? 'open' : 'success', delayMs: 5 }
        : { kind: 'hang' },
    )
    const { comp } = mountPanel({ sdk: '2.13.0' })
    await sleep(10)
    tap(comp, '.nc-primary')
    await until(() => comp.data.run.progress.done > 0)
    tap(comp, '.nc-btn')
    await until(() => (q(comp, 'nc-verdict')?.textContent ?? '').includes('跳过'))
    await sleep(200)
    const rows = (comp.data.run.groups as { rows: { status: string }[] }[]).flatMap((g) => g.rows)
    const count = (st: string) => rows.filter((r) => r.status === st).length
    expect(count('pass')).toBeGreaterThan(0)
    expect(count('skipped') + count('pass')).toBe(46)
    // Skipped rows are styled as such and say so beside the colour.
    expect(qa(comp, 'nc-ghead')[0].textContent).toMatch(/跳过 \d+/)
    expect(fake.openTotal).toBe(0)
  })

  it('rerun failed runs only the failed probes again', async () => {
    let broken = true
    const { fake } = installFakeWx(({ url, kind }) =>
      broken && url === 'wss://accesshub-wss.coolccloud.com'
        ? { kind: 'error', delayMs: 5, errMsg: 'connectSocket:fail timeout' }
        : { kind: kind === 'socket' ? 'open' : 'success', delayMs: 5 },
    )
    const { comp } = mountPanel({ sdk: '2.13.0' })
    await sleep(10)
    tap(comp, '.nc-primary')
    await until(() => (q(comp, 'nc-verdict')?.textContent ?? '').includes('超时'))
    await sleep(200)
    const callsBefore = fake.calls.length
    broken = false
    tapNth(comp, '.nc-btn', 1)
    await until(() => (q(comp, 'nc-verdict')?.textContent ?? '').includes('没有失败'))
    expect(fake.calls.length - callsBefore).toBe(1)
    expect(fake.calls[fake.calls.length - 1].url).toBe('wss://accesshub-wss.coolccloud.com')
  })

  it('an invalid version shows the resolver’s message inline and disables start', async () => {
    const { fake } = installFakeWx(() => ({ kind: 'success' }))
    const { comp } = mountPanel({ sdk: '2.x.y' })
    await sleep(20)
    expect(q(comp, 'nc-error')?.textContent).toBe(
      '"2.x.y" 不是有效的 SDK 版本号：请使用 x.y.z 形式，例如 2.13.0，或 latest / all',
    )
    expect(qa(comp, 'nc-row')).toHaveLength(0)
    tap(comp, '.nc-primary')
    await sleep(50)
    expect(fake.calls).toHaveLength(0)
    expect(q(comp, 'nc-progress')).toBeNull()
    // Typing a valid one clears it.
    comp.querySelector('.nc-input').dispatchEvent('input', { detail: { value: '2.12.0' } })
    await sleep(200)
    expect(q(comp, 'nc-error')).toBeNull()
    expect(qa(comp, 'nc-row')).toHaveLength(1 + 6 + 6 * 2 + 6 * 3)
  })

  it('a bad category list from a link is shown, and all four categories are kept', async () => {
    installFakeWx(() => ({ kind: 'success' }))
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'sockets' })
    await sleep(20)
    expect(text(comp)).toContain('unknown category "sockets"')
    expect(qa(comp, 'nc-row')).toHaveLength(46)
  })

  it('switches to English with WeChat’s language, or the lang property', async () => {
    installFakeWx(() => ({ kind: 'success' }), { language: 'en' })
    const { comp } = mountPanel({ sdk: '2.13.0' })
    await sleep(20)
    expect(q(comp, 'nc-title')?.textContent).toBe('ZIM server domain check')
    comp.setData({ lang: 'zh' })
    await sleep(200)
    expect(q(comp, 'nc-title')?.textContent).toBe('ZIM 服务器域名检测')
  })

  it('warns prominently when the whitelist is not enforced (debug mode)', async () => {
    installFakeWx(() => ({ kind: 'success' }), { enableDebug: true })
    const { comp } = mountPanel({ sdk: '2.13.0' })
    await sleep(20)
    expect(q(comp, 'nc-alert-title')?.textContent).toBe('本次运行不校验合法域名')
    expect(q(comp, 'nc-alert-text')?.textContent).toContain('调试模式')
    installFakeWx(() => ({ kind: 'success' }))
    jest.resetModules()
    const second = mountPanel({ sdk: '2.13.0' })
    await sleep(20)
    expect(q(second.comp, 'nc-alert')).toBeNull()
  })

  it('tapping a row shows its detail: category, hint, raw message, errno', async () => {
    installFakeWx(({ url, kind }) =>
      url === 'wss://accesshub-wss.coolbcloud.com'
        ? { kind: 'error', delayMs: 5, errMsg: 'connectSocket:fail url not in domain list' }
        : { kind: kind === 'socket' ? 'open' : 'success', delayMs: 5 },
    )
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'socket' })
    await sleep(10)
    tap(comp, '.nc-primary')
    await until(() => (q(comp, 'nc-verdict')?.textContent ?? '').includes('失败'))
    await sleep(200)
    expect(q(comp, 'nc-detail')).toBeNull()
    tapNth(comp, '.nc-row-main', 0)
    await sleep(20)
    expect(qa(comp, 'nc-row')[0].textContent).toContain('未加入合法域名')
    const detail = q(comp, 'nc-detail')?.textContent ?? ''
    expect(detail).toContain('小程序后台 > 开发 > 开发设置 > 服务器域名')
    expect(detail).toContain('connectSocket:fail url not in domain list')
  })

  it('copy buttons put the exact text on the clipboard; a refusal is shown', async () => {
    const wxs = installFakeWx(({ url, kind }) =>
      url.includes('coolzcloud')
        ? { kind: 'fail', delayMs: 5, errMsg: `${kind}:fail url not in domain list`, errno: 600002 }
        : { kind: 'success', delayMs: 5 },
    )
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'request,downloadFile' })
    await sleep(10)
    tap(comp, '.nc-primary')
    await until(() => (q(comp, 'nc-verdict')?.textContent ?? '').includes('失败'))
    await sleep(200)
    // The "add these" card names the exact domain and category.
    expect(q(comp, 'nc-missing')?.textContent).toContain('request 合法域名')
    // The missing card comes first: its two copy buttons are the first two.
    tapNth(comp, '.nc-copy', 0)
    tapNth(comp, '.nc-copy', 1)
    await sleep(20) // j-component delivers taps asynchronously
    expect(wxs.clipboard.map((c) => c.data)).toEqual([
      'https://detaillog-global.coolzcloud.com;https://access-zfpxy-global.coolzcloud.com',
      'https://access-zfpxy-global.coolzcloud.com',
    ])
    // The whitelist view.
    tapNth(comp, '.nc-tab', 1)
    await sleep(20)
    // Whitelist view: after the two missing-card buttons, the socket block's copy button.
    tapNth(comp, '.nc-copy', 2)
    await sleep(20)
    expect(wxs.clipboard[2].data.split(';')).toHaveLength(16)
    expect(wxs.clipboard[2].data.startsWith('wss://accesshub-wss.coolbcloud.com;')).toBe(true)
    wxs.refuseClipboard({
      errMsg: 'setClipboardData:fail api scope is not declared in the privacy agreement',
      errno: 112,
    })
    tapNth(comp, '.nc-copy', 2)
    await sleep(20)
    expect(q(comp, 'nc-error')?.textContent).toContain('errno 112')
  })

  it('detaching during a run cancels it and leaves no open task or socket', async () => {
    const { fake } = installFakeWx(() => ({ kind: 'hang' }))
    const { comp } = mountPanel({ sdk: '2.13.0' })
    await sleep(10)
    tap(comp, '.nc-primary')
    await sleep(50)
    expect(fake.openTotal).toBe(15)
    comp.detach()
    await sleep(50)
    expect(fake.openTotal).toBe(0)
  })
})

describe('netcheck-panel while the page is hidden', () => {
  it('sends no setData while hidden, keeps running, and catches up on show', async () => {
    const { fake } = installFakeWx(({ kind }) => ({
      kind: kind === 'socket' ? 'open' : 'success',
      delayMs: 120,
    }))
    const { comp, calls } = mountPanel({ sdk: '2.13.0' })
    await sleep(20)
    tap(comp, '.nc-primary')
    await sleep(30)
    comp.triggerPageLifeTime('hide')
    const before = calls.length
    await until(() => fake.calls.length === 46 && fake.openTotal === 0, 10_000)
    await sleep(300)
    // Only the store bindings' own fields (phase) may still change; the result rows wait.
    const whileHidden = calls.slice(before)
    expect(whileHidden.every((c) => c.keys.every((k) => !k.startsWith('run')))).toBe(true)
    comp.triggerPageLifeTime('show')
    await sleep(300)
    expect(q(comp, 'nc-count')?.textContent).toBe('46/46')
  })
})
