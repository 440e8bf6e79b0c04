import { applyCanary, canaryHost, canaryTargets, canaryVerdict } from '../../miniprogram/core/canary'
import { describeEnforcement } from '../../miniprogram/core/environment'
import { validateReport } from '../../miniprogram/core/report'
import { chatText, renderMarkdown } from '../../miniprogram/core/report/render'
import { Report } from '../../miniprogram/core/report'
import { makeReport, mixedResults } from '../helpers/reports'

describe('canary host and targets', () => {
  it('is a random label under example.com (RFC 2606), https and wss', () => {
    const host = canaryHost(() => 0.999)
    expect(host).toBe('zim-canary-zzzzzzzz.example.com')
    expect(canaryHost()).toMatch(/^zim-canary-[0-9a-z]{8}\.example\.com$/)
    expect(canaryTargets(host).map((t) => [t.category, t.url])).toEqual([
      ['request', `https://${host}/`],
      ['socket', `wss://${host}/`],
    ])
  })
})

describe('canaryVerdict: from the same classification as the probes', () => {
  const nil = { reached: false, errMsg: 'request:fail url not in domain list', errno: 600002 }
  it('not_whitelisted on any call → enforced, with the exact answer', () => {
    const r = canaryVerdict([
      {
        category: 'socket',
        outcome: { reached: false, errMsg: 'connectSocket:fail net::ERR_NAME_NOT_RESOLVED' },
      },
      { category: 'request', outcome: nil },
    ])
    expect(r).toEqual({
      verdict: 'enforced',
      answer: { api: 'request', category: 'not_whitelisted', errMsg: nil.errMsg, errno: 600002 },
    })
  })
  it.each([
    ['an answer', { reached: true, statusCode: 200 }],
    ['DNS', { reached: false, errMsg: 'request:fail net::ERR_NAME_NOT_RESOLVED' }],
    ['refused', { reached: false, errMsg: 'request:fail net::ERR_CONNECTION_REFUSED' }],
  ])('%s → not enforced', (_, outcome) => {
    expect(canaryVerdict([{ category: 'request', outcome }]).verdict).toBe('not_enforced')
  })
  it.each([
    ['no answer in time', undefined],
    ['offline', { reached: false, errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' }],
    ['timeout', { reached: false, errMsg: 'request:fail timeout' }],
    ['aborted', { reached: false, errMsg: 'request:fail abort' }],
  ])('%s → undecided', (_, outcome) => {
    expect(canaryVerdict([{ category: 'request', outcome }])).toEqual({ verdict: 'undecided' })
  })
  it('a message the classifier does not know → undecided, kept', () => {
    const r = canaryVerdict([
      { category: 'request', outcome: { reached: false, errMsg: 'request:fail 执行失败', errCode: 1001 } },
    ])
    expect(r.verdict).toBe('undecided')
    expect(r.answer).toMatchObject({
      category: 'unknown',
      errMsg: 'request:fail 执行失败',
      platformCode: 1001,
    })
  })
  it('across a hide: undecided whatever came', () => {
    expect(canaryVerdict([{ category: 'request', outcome: nil }], undefined, true).verdict).toBe('undecided')
    expect(
      canaryVerdict([{ category: 'request', outcome: { reached: true } }], undefined, true).verdict,
    ).toBe('undecided')
  })
})

describe('applyCanary: the measurement wins, the inference is kept', () => {
  const devtools = { enforced: false, reasons: ['devtools' as const] }
  it('enforced', () => {
    expect(applyCanary(devtools, { verdict: 'enforced' })).toEqual({
      whitelist: { enforced: true, reasons: [] },
      record: { source: 'measured', canary: 'enforced', inferred: devtools },
    })
  })
  it('not enforced: the measured reason after the inferred ones', () => {
    expect(applyCanary(devtools, { verdict: 'not_enforced' }).whitelist).toEqual({
      enforced: false,
      reasons: ['devtools', 'measured'],
    })
    expect(
      applyCanary({ enforced: true, reasons: [] }, { verdict: 'not_enforced' }).whitelist.reasons,
    ).toEqual(['measured'])
  })
  it('undecided, or off: the inference', () => {
    expect(applyCanary(devtools, { verdict: 'undecided' })).toEqual({
      whitelist: devtools,
      record: { source: 'inferred', canary: 'undecided', inferred: devtools },
    })
    expect(applyCanary(devtools, undefined).record.canary).toBe('off')
  })
})

describe('describeEnforcement says where the answer came from', () => {
  const notEnf = { enforced: false, reasons: ['measured' as const] }
  it('measured not enforced: the banner head 实测：本次运行不校验合法域名', () => {
    expect(describeEnforcement(notEnf, 'zh')).toMatch(
      /^实测：本次运行不校验合法域名（不在任何域名列表中的测试请求未被拒绝）/,
    )
    expect(describeEnforcement(notEnf, 'en')).toMatch(/^Measured: the whitelist is not enforced/)
  })
  it('measured enforced, even in a develop build (no remote-debug doubt)', () => {
    const env = {
      envVersion: 'develop' as const,
      enforcement: { source: 'measured' as const, canary: 'enforced' as const },
    }
    expect(describeEnforcement({ enforced: true, reasons: [] }, 'zh', env)).toBe('实测：本次运行校验合法域名')
  })
  it('undecided: the inference, said so', () => {
    const env = { enforcement: { source: 'inferred' as const, canary: 'undecided' as const } }
    expect(describeEnforcement({ enforced: false, reasons: ['debug'] }, 'zh', env)).toMatch(
      /^实测未能判定，离线或无应答；按运行环境推断：本次运行不校验/,
    )
  })
  it('no canary: as before', () => {
    expect(describeEnforcement({ enforced: true, reasons: [] }, 'zh')).toBe('本次运行校验合法域名')
  })
})

describe('the report keeps the record: validated, rendered', () => {
  const withRecord = (record: unknown, whitelist: unknown = { enforced: true, reasons: [] }) => {
    const r = makeReport(mixedResults())
    return { ...r, environment: { ...r.environment, whitelist, enforcement: record } } as unknown as Report
  }
  const measured = {
    source: 'measured',
    canary: 'enforced',
    inferred: { enforced: false, reasons: ['devtools'] },
    answer: {
      api: 'request',
      category: 'not_whitelisted',
      errMsg: 'request:fail url not in domain list',
      errno: 600002,
    },
  }
  it('a good record passes, and a report without one is unchanged', () => {
    expect(validateReport(withRecord(measured)).ok).toBe(true)
    expect(validateReport(makeReport(mixedResults())).ok).toBe(true)
  })
  it.each([
    ['not an object', 'yes'],
    ['an unknown source', { ...measured, source: 'guessed' }],
    ['an unknown canary verdict', { ...measured, canary: 'maybe' }],
    ['a bad inference', { ...measured, inferred: { enforced: 'no', reasons: [] } }],
    ['a hostile answer', { ...measured, answer: { ...measured.answer, errno: 'x' } }],
    ['an answer of an unknown api', { ...measured, answer: { ...measured.answer, api: 'ftp' } }],
  ])('%s → one clear message', (_, record) => {
    const v = validateReport(withRecord(record))
    expect(v.ok).toBe(false)
    expect(v.ok ? '' : v.error).toMatch(/^invalid report: environment\.enforcement(\.answer)?: must be /)
  })
  it('markdown and chat text say measured, the inference that disagreed, and the platform words', () => {
    const md = renderMarkdown(withRecord(measured), 'zh')
    expect(md).toContain(
      '> ✓ 实测：本次运行校验合法域名（运行环境推断为：本次运行不校验合法域名（在开发者工具中运行',
    )
    expect(md).toContain('平台对域名列表外请求的原话：request “request:fail url not in domain list” (600002)')
    const chat = chatText(withRecord(measured), 'en', 5, [])
    expect(chat).toContain('✓ Measured: the whitelist is enforced in this run')
  })
})
