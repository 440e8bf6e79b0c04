import { causeKey, describeCause, findCauses, registrableDomain } from '../../miniprogram/core/causes'
import { Report } from '../../miniprogram/core/report'
import { allTimeout, engineReport, ENVS, notWhitelisted, Script, zegoTls } from '../helpers/engine-reports'
import { failed, reached } from '../helpers/fake-adapter'

const failingIds = (r: Report) => r.results.filter((x) => x.status === 'fail').map((x) => x.id)

describe('registrableDomain', () => {
  it.each([
    ['accesshub-wss.zego.im', 'zego.im'],
    ['detaillog-global.coolbcloud.com', 'coolbcloud.com'],
    ['zego-zim-smsh.oss-cn-shanghai.aliyuncs.com', 'aliyuncs.com'],
    ['a.b.example.com.cn', 'example.com.cn'],
    ['x.y.co.uk', 'y.co.uk'],
    ['zego.im', 'zego.im'],
    ['127.0.0.1', '127.0.0.1'],
    ['Access.ZEGO.im.', 'zego.im'],
  ])('%s → %s', (host, want) => expect(registrableDomain(host)).toBe(want))
})

describe('findCauses on runs of the real engine', () => {
  it('all *.zego.im rows failing TLS is one domain cause, in both languages', async () => {
    const r = await engineReport(zegoTls, ENVS.android, { sdk: 'all' })
    const causes = findCauses(r.results)
    expect(causes).toHaveLength(1)
    const [c] = causes
    expect(c.scope).toEqual({ kind: 'domain', domain: 'zego.im' })
    expect(c.count).toBe(r.results.filter((x) => x.url.endsWith('.zego.im')).length)
    expect(c.ids.sort()).toEqual(failingIds(r).sort())
    expect(describeCause(c, 'en')).toBe(`all ${c.count} *.zego.im probes fail: TLS`)
    expect(describeCause(c, 'zh')).toBe(`*.zego.im 的 ${c.count} 项全部失败：TLS/证书错误`)
    expect(c.hosts).toEqual([...new Set(c.hosts)].sort())
  })

  it('a passing zego row makes the rest rows, not the whole domain', async () => {
    const script: Script = (t) =>
      t.url === 'https://cloud-setting-api.zego.im'
        ? { kind: 'answer', delayMs: 1, outcome: reached() }
        : zegoTls(t)
    const r = await engineReport(script, ENVS.android, { sdk: 'all' })
    const [c] = findCauses(r.results)
    expect(c.scope.kind).toBe('rows')
    expect(c.count).toBe(failingIds(r).length)
  })

  it('every probe timing out is "every"', async () => {
    const r = await engineReport(allTimeout, ENVS.oldAndroid, { timeoutMs: 20 })
    const causes = findCauses(r.results)
    expect(causes.map((c) => [c.error, c.scope.kind, c.count, c.of])).toEqual([
      ['timeout', 'every', r.results.length, r.results.length],
    ])
    expect(describeCause(causes[0], 'en')).toBe(
      `every probe fails (${r.results.length} of ${r.results.length}): timeout`,
    )
  })

  it('not-whitelisted request/uploadFile rows name their categories', async () => {
    const r = await engineReport(notWhitelisted, ENVS.ios, { sdk: '2.12.0' })
    const causes = findCauses(r.results)
    const nw = causes.filter((c) => c.error === 'not_whitelisted')
    expect(nw.reduce((n, c) => n + c.count, 0)).toBe(failingIds(r).length)
    const rows = nw.find((c) => c.scope.kind === 'rows')!
    expect(rows.categories).toEqual(['request', 'uploadFile'])
    expect(describeCause(rows, 'en')).toBe(`${rows.count} request/uploadFile domains: not whitelisted`)
    expect(causeKey(rows)).toBe('not_whitelisted|rows:request/uploadFile')
  })

  it('a cancelled run (all skipped) and a clean run have no causes', async () => {
    const skipped = await engineReport(allTimeout, ENVS.android, { cancelAfterMs: 2 })
    expect(skipped.summary.skipped).toBe(skipped.results.length)
    expect(findCauses(skipped.results)).toEqual([])
    const clean = await engineReport(() => ({ kind: 'answer', delayMs: 1, outcome: reached() }), ENVS.android)
    expect(findCauses(clean.results)).toEqual([])
  })

  it('causes split the failing rows exactly once, largest first', async () => {
    const mixed: Script = (t) =>
      t.category === 'socket'
        ? { kind: 'answer', delayMs: 1, outcome: failed('connectSocket:fail 请求超时。') }
        : t.url.includes('coolb')
          ? { kind: 'answer', delayMs: 1, outcome: failed('request:fail url not in domain list', 600002) }
          : { kind: 'answer', delayMs: 1, outcome: reached() }
    const r = await engineReport(mixed, ENVS.android, { sdk: 'all' })
    const causes = findCauses(r.results)
    const ids = causes.flatMap((c) => c.ids)
    expect(ids.sort()).toEqual(failingIds(r).sort())
    expect(new Set(ids).size).toBe(ids.length)
    for (let i = 1; i < causes.length; i++)
      expect(causes[i - 1].count).toBeGreaterThanOrEqual(causes[i].count)
  })
})
