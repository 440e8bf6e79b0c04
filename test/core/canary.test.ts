import { applyCanary, canaryHost, canaryTargets, canaryVerdict } from '../../miniprogram/core/canary'
import { describeEnforcement } from '../../miniprogram/core/environment'

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
