import { ProbeEngine } from '../../miniprogram/core/engine'
import { planProbes } from '../../miniprogram/core/plan'
import { renderMarkdown, renderText, unknownErrors, validateReport } from '../../miniprogram/core/report'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { decodeShare, encodeShare } from '../../miniprogram/core/share'
import { Behaviour, FakeAdapter, failed, reached } from '../helpers/fake-adapter'
import { makeReport } from '../helpers/reports'

const plan = () => {
  const res = resolveDomains('2.13.0')
  if (!res.ok) throw new Error('catalog')
  return planProbes(res.entries).slice(0, 8)
}

/** Probes 0–2 fail with codes the tables do not decide, 3 with a known one, the rest pass. */
const SCRIPT: Behaviour[] = [
  { kind: 'answer', delayMs: 1, outcome: failed('request:fail -2:net::ERR_FAILED', 600001) },
  { kind: 'answer', delayMs: 1, outcome: failed('request:fail -2:net::ERR_FAILED', 600001) },
  { kind: 'answer', delayMs: 1, outcome: failed('未能完成操作。（"NSURLErrorDomain"错误-1099。）') },
  { kind: 'answer', delayMs: 1, outcome: failed('request:fail net::ERR_NAME_NOT_RESOLVED', 600001) },
]

async function run() {
  const probes = plan()
  const fake = new FakeAdapter(
    (t) =>
      SCRIPT[probes.findIndex((p) => p.id === t.id)] ?? { kind: 'answer', delayMs: 1, outcome: reached() },
  )
  return new ProbeEngine(probes, fake, { timeoutMs: 1000 }).start()
}

describe('unknowns keep their raw message and parsed code', () => {
  it('the engine carries the parsed code of every failure', async () => {
    const results = await run()
    expect(results.slice(0, 4).map((r) => r.error)).toEqual([
      {
        category: 'unknown',
        errMsg: 'request:fail -2:net::ERR_FAILED',
        errno: 600001,
        parsedCode: 'chromium:-2',
      },
      {
        category: 'unknown',
        errMsg: 'request:fail -2:net::ERR_FAILED',
        errno: 600001,
        parsedCode: 'chromium:-2',
      },
      {
        category: 'unknown',
        errMsg: '未能完成操作。（"NSURLErrorDomain"错误-1099。）',
        parsedCode: 'nsurl:-1099',
      },
      {
        category: 'dns',
        errMsg: 'request:fail net::ERR_NAME_NOT_RESOLVED',
        errno: 600001,
        parsedCode: 'chromium:-105',
      },
    ])
  })

  it('text and markdown list the unknowns together, most frequent first', async () => {
    const report = makeReport(await run())
    expect(validateReport(report).ok).toBe(true)
    expect(unknownErrors(report.results)).toEqual([
      { text: 'request:fail -2:net::ERR_FAILED [chromium:-2] (errno 600001)', count: 2 },
      { text: '未能完成操作。（"NSURLErrorDomain"错误-1099。） [nsurl:-1099]', count: 1 },
    ])
    const text = renderText(report, 'en').split('\n')
    const at = text.indexOf('Unrecognised errors:')
    expect(at).toBeGreaterThan(0)
    expect(text.slice(at + 1, at + 3)).toEqual([
      '? request:fail -2:net::ERR_FAILED [chromium:-2] (errno 600001) ×2',
      '? 未能完成操作。（"NSURLErrorDomain"错误-1099。） [nsurl:-1099] ×1',
    ])
    expect(renderText(report, 'zh')).toContain('未识别的错误:\n? request:fail -2:net::ERR_FAILED')
    const md = renderMarkdown(report, 'en')
    expect(md).toContain(
      '## Unrecognised errors\n\n- 2 × request:fail -2:net::ERR_FAILED [chromium:-2] (errno 600001)\n- 1 × 未能完成操作',
    )
    // The failing rows name the code too.
    expect(md).toContain('dns: request:fail net::ERR_NAME_NOT_RESOLVED [chromium:-105] (errno 600001)')
  })

  it('a report without unknowns has no such section', async () => {
    const report = makeReport((await run()).slice(3))
    expect(unknownErrors(report.results)).toEqual([])
    expect(renderText(report, 'en')).not.toContain('Unrecognised')
    expect(renderMarkdown(report, 'zh')).not.toContain('未识别')
  })

  it('the validator accepts the optional parsedCode and rejects bad values', async () => {
    const report = JSON.parse(JSON.stringify(makeReport(await run())))
    expect(validateReport(report).ok).toBe(true)
    for (const bad of [42, '', 'chromium', 'webkit:-1', 'chromium:-1 extra', 'x'.repeat(200), null]) {
      const r = JSON.parse(JSON.stringify(report))
      r.results[0].error.parsedCode = bad
      const v = validateReport(r)
      expect({ bad, ok: v.ok }).toEqual({ bad, ok: false })
      if (!v.ok) expect(v.error).toMatch(/results\[0\]\.error\.parsedCode: must be table:code/)
    }
    delete report.results[0].error.parsedCode
    expect(validateReport(report).ok).toBe(true)
  })

  it('share links leave the field out (wire format unchanged) and still decode', async () => {
    const report = makeReport(await run())
    const without = JSON.parse(JSON.stringify(report))
    for (const r of without.results) if (r.error) delete r.error.parsedCode
    expect(encodeShare(report).payload).toBe(encodeShare(without).payload)
    const decoded = decodeShare(encodeShare(report).path)
    expect(decoded.ok).toBe(true)
    if (decoded.ok) {
      const errors = decoded.report.results.filter((r) => r.error).map((r) => r.error!)
      expect(errors.length).toBeGreaterThan(0)
      expect(errors.every((e) => e.parsedCode === undefined)).toBe(true)
    }
  })
})
