import { ProbeResult } from '../../miniprogram/core/result'
import { breakableUrl, deviceName as formatDeviceName } from '../../miniprogram/core/format'
import { clip, shareTitle } from '../../miniprogram/core/share-title'
import { buildReport } from '../../miniprogram/core/report'
import { RunStore } from '../../miniprogram/store/run-store'
import {
  buildCauses,
  buildEnvView,
  buildReady,
  buildRunView,
  deviceName,
  enforcementBanner,
} from '../../miniprogram/store/view-model'
import { buildReportView, reportEnvLine } from '../../miniprogram/store/report-view-model'
import { failed, FakeAdapter, reached } from '../helpers/fake-adapter'
import { report2130 } from '../helpers/reports'

// Issue 15's view model, without the simulator: problems first, causes, readiness, in-flight rows, retries
// with the current settings, the not-enforced caveat said once, breakable URLs, local time with zone.

const row = (
  url: string,
  status: ProbeResult['status'],
  extra: Partial<ProbeResult> = {},
  category: ProbeResult['category'] = 'socket',
): ProbeResult => ({ id: `${category}:${url}`, category, url, purpose: 'access', status, ...extra })

const tls = (url: string, category: ProbeResult['category'] = 'socket') =>
  row(url, 'fail', { error: { category: 'tls', errMsg: 'ssl hand shake error' } }, category)

function storeWith(script: (url: string, attempt: number) => 'pass' | 'fail' | 'hang') {
  const adapters: FakeAdapter[] = []
  const store = new RunStore({
    createAdapter: () => {
      const a = new FakeAdapter((t, attempt) => {
        const what = script(t.url, attempt)
        return what === 'hang'
          ? { kind: 'hang' }
          : {
              kind: 'answer',
              delayMs: 1,
              outcome: what === 'pass' ? reached() : failed('request:fail url not in domain list'),
            }
      })
      adapters.push(a)
      return a
    },
    now: () => new Date('2026-11-28T10:20:30.000Z'),
  })
  store.setEnvironment({
    runtime: 'wechat',
    platform: 'ios',
    enableDebug: false,
    appId: 'wx0123456789abcdef',
  })
  store.setSdk('2.13.0')
  return { store, adapters }
}

describe('a finished run: problems first', () => {
  it('folds every group to its counts and keeps the failing rows in view; a running run folds nothing', async () => {
    const { store } = storeWith((url) => (url.includes('coolhcloud') ? 'fail' : 'pass'))
    const running = store.start()
    expect(buildRunView(store).groups.every((g) => !g.fold)).toBe(true)
    await running
    const view = buildRunView(store)
    expect(view.groups.every((g) => g.fold)).toBe(true)
    const socket = view.groups[0]
    const fails = socket.rows.filter((r) => r.status === 'fail').length
    const passes = socket.rows.filter((r) => r.status === 'pass').length
    expect(fails).toBeGreaterThan(0)
    // Problems first in the counts, each with its status word beside it.
    expect(socket.counts).toBe(`失败 ${fails} · 通过 ${passes}`)
  })

  it('says which probes the platform is working on ("检测中") and which wait ("等待")', async () => {
    const { store } = storeWith(() => 'hang')
    const done = store.start()
    await new Promise((r) => setTimeout(r, 20))
    const rows = buildRunView(store).groups.flatMap((g) => g.rows)
    const checking = rows.filter((r) => r.status === 'running')
    // Five sockets and ten HTTP tasks in flight, the rest queued.
    expect(checking).toHaveLength(15)
    expect(checking.every((r) => r.statusText === '检测中')).toBe(true)
    expect(rows.filter((r) => r.status === 'pending').every((r) => r.statusText === '等待')).toBe(true)
    store.cancel()
    await done
    expect(store.inFlight).toEqual([])
  })
})

describe('retries', () => {
  it('"retry failed" uses the timeout and the categories set now, and keeps the other rows', async () => {
    let broken = true
    const { store, adapters } = storeWith((url) => (broken && url.includes('coolhcloud') ? 'fail' : 'pass'))
    store.setTimeoutMs(5_000)
    await store.start()
    const failedBefore = store.failedIds
    expect(failedBefore.some((id) => id.startsWith('socket:'))).toBe(true)
    expect(failedBefore.some((id) => id.startsWith('request:'))).toBe(true)
    broken = false
    store.setTimeoutMs(20_000)
    store.setOnly(['request'])
    const report = await store.rerunFailed()
    const calls = adapters[1].calls
    expect(calls.map((c) => c.id).sort()).toEqual(
      failedBefore.filter((id) => id.startsWith('request:')).sort(),
    )
    expect(calls.every((c) => c.timeoutMs > 10_000 && c.timeoutMs <= 20_000)).toBe(true)
    expect(report?.options.timeoutMs).toBe(20_000)
    // The failures of the categories switched off stay as they were; the report holds every row.
    expect(store.failedIds.length).toBeGreaterThan(0)
    expect(store.failedIds.some((id) => id.startsWith('request:'))).toBe(false)
    expect(report?.results).toHaveLength(46)
  })

  it('"retest" runs one row again and nothing else', async () => {
    let broken = true
    const { store, adapters } = storeWith((url) => (broken && url.includes('coolhcloud') ? 'fail' : 'pass'))
    await store.start()
    const id = store.failedIds[0]
    broken = false
    await store.retest([id])
    expect(adapters[1].calls.map((c) => c.id)).toEqual([id])
    expect(store.results.find((r) => r?.id === id)?.status).toBe('pass')
    expect(store.failedIds).not.toContain(id)
  })
})

describe('causes and readiness', () => {
  it('groups all 16 failures of one domain by cause, with what to do', () => {
    const rows = [
      ...Array.from({ length: 16 }, (_, i) => tls(`wss://h${i}.zego.im`)),
      row('https://a.coolzcloud.com', 'pass', {}, 'request'),
    ]
    const [cause] = buildCauses(rows, 'en')
    expect(cause.text).toBe('all 16 *.zego.im probes fail: TLS')
    expect(cause.hint).toMatch(/TLS-intercepting proxy, a wrong device clock/)
    expect(buildCauses(rows, 'zh')[0].text).toBe('*.zego.im 的 16 项全部失败：TLS/证书错误')
  })

  it('every host timing out on cellular says to try Wi-Fi; on Wi-Fi it does not', () => {
    const rows = ['a.x.com', 'b.y.com', 'c.z.com'].map((h) =>
      row(`wss://${h}`, 'fail', { error: { category: 'timeout', errMsg: 'timeout' } }),
    )
    expect(buildCauses(rows, 'zh', { networkType: '4g' })[0].hint).toBe(
      '所有域名在移动网络（4g）下都失败：请连 Wi-Fi 后再试',
    )
    expect(buildCauses(rows, 'en', { networkType: 'wifi' })[0].hint).not.toMatch(/Wi-Fi/)
  })

  it('names the missing request/uploadFile domains as one cause', () => {
    const nw = { error: { category: 'not_whitelisted' as const, errMsg: 'url not in domain list' } }
    const rows = [
      row('https://a.coolhcloud.com', 'fail', nw, 'request'),
      row('https://b.coolgcloud.com', 'fail', nw, 'uploadFile'),
      row('https://c.coolgcloud.com', 'pass', {}, 'uploadFile'),
    ]
    expect(buildCauses(rows, 'en')[0].text).toBe('2 request/uploadFile domains: not whitelisted')
  })

  it('counts each ZIM purpose: N of M reachable (a warning is reached, a skip is not)', () => {
    const plan = [
      { purpose: 'access' as const },
      { purpose: 'access' as const },
      { purpose: 'file' as const },
      { purpose: 'log' as const },
    ]
    const ready = buildReady(
      plan,
      [{ status: 'pass' }, { status: 'fail' }, { status: 'warn' }, { status: 'skipped' }],
      'zh',
    )
    expect(ready.map((r) => [r.label, r.text, r.tone])).toEqual([
      ['接入域名', '1/2 可达', 'warn'],
      ['日志上报', '0/1 可达', 'fail'],
      ['文件媒体消息', '1/1 可达', 'ok'],
    ])
    expect(buildReady(plan, [], 'en')[0].text).toBe('0 of 2 reachable')
  })
})

describe('whitelist not enforced: said once', () => {
  it('rows stay passes ("通过（未校验）"), a real warning stays a warning, the verdict counts no warnings', async () => {
    const { store } = storeWith(() => 'pass')
    store.setEnvironment({ runtime: 'wechat', platform: 'ios', enableDebug: true })
    await store.start()
    const view = buildRunView(store)
    const rows = view.groups.flatMap((g) => g.rows)
    expect(rows.every((r) => r.status === 'pass' && r.statusText === '通过（未校验）')).toBe(true)
    expect(rows.some((r) => /不校验|未校验/.test(r.note))).toBe(false)
    expect(view.verdict).toBe('46 项中没有失败')
    expect(view.tone).toBe('ok')
  })

  it('the banner is one sentence: its bold head is not repeated in its text', () => {
    for (const lang of ['zh', 'en'] as const) {
      const b = enforcementBanner({ enforced: false, reasons: ['debug'] }, lang)
      expect(b.title.length).toBeGreaterThan(5)
      expect(b.text.toLowerCase()).not.toContain(b.title.toLowerCase())
      expect(b.text).toMatch(/vConsole/)
    }
    expect(enforcementBanner({ enforced: true, reasons: [] }, 'zh')).toEqual({ title: '', text: '' })
    const { store } = storeWith(() => 'pass')
    store.setEnvironment({ runtime: 'wechat', enableDebug: true })
    expect(buildEnvView(store).notEnforcedTitle).toBe('本次运行不校验合法域名')
  })
})

describe('text and time', () => {
  it('URLs break between labels only: after "." "-" "/", never inside a label', () => {
    const url = 'https://detaillog-global.shanghai.aliyuncs.com'
    const shown = breakableUrl(url)
    expect(shown.replace(/\u200b/g, '')).toBe(url)
    for (const piece of shown.split('\u200b').slice(1)) expect(piece[0]).toMatch(/[a-z0-9]/)
    expect(shown.split('\u200b').map((p) => p.slice(-1))).toEqual(['/', '-', '.', '.', '.', 'm'])
    // The copied text of a missing-domains block is the bare URLs.
    const rep = report2130()
    const missing = buildReportView(rep, 'zh').missing
    expect(missing.length).toBeGreaterThan(0)
    for (const m of missing) expect(m.text).toBe(m.urls.join(';').replace(/\u200b/g, ''))
  })

  it('local time with its zone', () => {
    // formatLocalTime itself: test/core/format.test.ts.
    expect(buildReportView(report2130(), 'zh', undefined, 480).createdAt).toMatch(/ UTC\+8$/)
  })

  it('share titles are at most 30 characters in the panel’s language', () => {
    const rep = report2130()
    for (const lang of ['zh', 'en'] as const) {
      const long = { ...rep, sdk: { input: 'x', resolved: '2.13.0-beta.1234567890' } }
      for (const r of [rep, long, undefined])
        expect(Array.from(shareTitle(r, lang)).length).toBeLessThanOrEqual(30)
    }
    expect(shareTitle(rep, 'en')).toBe(`ZIM 2.13.0: ${rep.summary.fail} of ${rep.summary.total} failed`)
    expect(shareTitle(rep, 'zh')).toMatch(/^ZIM 2\.13\.0 检测：\d+\/46 项失败$/)
    expect(clip('abcdef', 4)).toBe('abc…')
  })

  it('one device-name function for the panel, the report page and its env line', () => {
    expect(deviceName).toBe(formatDeviceName)
    const env = { brand: 'HUAWEI', model: 'ALN-AL00', system: 'Android 14' }
    expect(deviceName(env)).toBe('HUAWEI ALN-AL00 Android 14')
    expect(deviceName({ brand: 'iPhone', model: 'iPhone 15', system: 'iOS 17.2' })).toBe('iPhone 15 iOS 17.2')
    const rep = buildReport({
      createdAt: '2026-11-28T10:20:30.000Z',
      sdk: { input: '2.13.0', resolved: '2.13.0' },
      environment: { runtime: 'wechat', ...env, wechatVersion: '8.0.50' },
      enforcement: { enforced: true, reasons: [] },
      options: { timeoutMs: 1, deadlineMs: 1, concurrency: { http: 1, socket: 1 } },
      results: [],
      warnings: [],
    })
    expect(reportEnvLine(rep.environment)).toBe('HUAWEI ALN-AL00 Android 14 · WeChat 8.0.50')
  })
})
