import { RunEnvironment } from '../../miniprogram/core/environment'
import { platformEnforcement } from '../../miniprogram/core/environment'
import { PLATFORM_IDS } from '../../miniprogram/core/platforms'
import { buildReport, Report, validateReport } from '../../miniprogram/core/report'
import { decodeShare, encodeShare } from '../../miniprogram/core/share'
import { mixedResults, report2130 } from '../helpers/reports'
import { resolveDomains } from '../../miniprogram/core/resolver'

function platformReport(env: RunEnvironment): Report {
  const res = resolveDomains('2.13.0')
  if (!res.ok) throw new Error('catalog')
  return buildReport({
    createdAt: new Date('2026-11-28T10:20:30.000Z'),
    sdk: { input: '2.13.0', resolved: '2.13.0' },
    environment: env,
    enforcement: platformEnforcement(env),
    options: { timeoutMs: 10000, deadlineMs: 120000, concurrency: { http: 6, socket: 5 } },
    results: mixedResults(res.entries),
    warnings: [],
  })
}

describe('share links name the platform', () => {
  it('a WeChat report (no platformId) is still written as z1', () => {
    expect(encodeShare(report2130()).payload.startsWith('z1.')).toBe(true)
  })

  it.each([...PLATFORM_IDS])('%s: written as z2 and read back with its platform', (platformId) => {
    const report = platformReport({ runtime: 'devtools', platformId, envVersion: 'develop', model: 'IDE' })
    const enc = encodeShare(report)
    expect(enc.payload.startsWith('z2.')).toBe(true)
    const dec = decodeShare(enc.path)
    if (!dec.ok) throw new Error(dec.error)
    expect(dec.report.environment.platformId).toBe(platformId)
    expect(dec.report.environment.whitelist).toEqual(report.environment.whitelist)
    expect(dec.report.results).toEqual(report.results)
  })

  it('a z2 body read as z1 is refused, not misread', () => {
    const enc = encodeShare(platformReport({ runtime: 'wechat', platformId: 'baidu', envVersion: 'release' }))
    const dec = decodeShare(enc.payload.replace(/^z2\./, 'z1.'))
    expect(dec.ok).toBe(false)
  })

  it('validateReport accepts a known platformId and the ide reason, refuses others', () => {
    const r = platformReport({ runtime: 'devtools', platformId: 'alipay' })
    expect(r.environment.whitelist.reasons).toEqual(['ide'])
    expect(validateReport(r).ok).toBe(true)
    const bad = JSON.parse(JSON.stringify(r))
    bad.environment.platformId = 'ks'
    const v = validateReport(bad)
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.error).toMatch(/environment\.platformId/)
  })

  it('keeps a platform code as the parsed code of a failing row', () => {
    const r = platformReport({ runtime: 'wechat', platformId: 'alipay', envVersion: 'release' })
    const row = r.results.find((x) => x.status === 'fail')!
    row.error = { ...row.error!, parsedCode: 'alipay:4', category: 'not_whitelisted' }
    expect(validateReport(r).ok).toBe(true)
  })
})
