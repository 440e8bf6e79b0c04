import { classify, ERROR_CATEGORIES, HINTS, RULES } from '../../miniprogram/core/classifier'
import { EXAMPLES } from '../fixtures/errmsgs'

describe('classify: real messages from public sources', () => {
  it.each(EXAMPLES.map((e) => [e.errMsg ?? '', e] as const))('%s', (_msg, e) => {
    expect(classify({ errMsg: e.errMsg, errno: e.errno, code: e.code }).category).toBe(e.expected)
  })

  it('the examples cover every category, and most are quoted from real threads', () => {
    const covered = new Set(EXAMPLES.map((e) => e.expected))
    for (const c of ERROR_CATEGORIES) expect(covered.has(c)).toBe(true)
    const quoted = EXAMPLES.filter((e) => e.source.startsWith('https://') || e.source.startsWith('observed:'))
    expect(quoted.length).toBeGreaterThan(EXAMPLES.length / 2)
  })
})

describe('classify: rules', () => {
  it('errno wins over the message', () => {
    expect(classify({ errMsg: 'request:fail', errno: 600002 }).category).toBe('not_whitelisted')
    expect(classify({ errMsg: 'request:fail timeout', errno: 600003 }).category).toBe('aborted')
  })

  it('600001 (net error) is read from its net::ERR_* message', () => {
    expect(
      classify({
        errMsg: 'request:fail errcode:-105 cronet_error_code:-105 error_msg:net::ERR_NAME_NOT_RESOLVED',
        errno: 600001,
      }).category,
    ).toBe('dns')
  })

  it.each([
    'request:fail ',
    'uploadFile:fail ',
    'downloadFile:fail ',
    'connectSocket:fail ',
    'createRequest:fail ',
    '',
  ])('works with the prefix %j', (prefix) => {
    expect(classify({ errMsg: `${prefix}url not in domain list` }).category).toBe('not_whitelisted')
    expect(classify({ errMsg: `${prefix}ssl hand shake error` }).category).toBe('tls')
  })

  it('never throws on garbage and answers unknown', () => {
    for (const raw of [
      undefined,
      null,
      {},
      { errMsg: 42 },
      { errno: Number.NaN },
      { code: {} },
      { errMsg: '' },
    ] as unknown[]) {
      expect(classify(raw as never).category).toBe('unknown')
    }
  })

  it('every category has a zh and an en hint; every rule names a known category', () => {
    for (const c of ERROR_CATEGORIES) {
      expect(HINTS[c].zh.length).toBeGreaterThan(5)
      expect(HINTS[c].en.length).toBeGreaterThan(5)
    }
    for (const r of RULES) expect(ERROR_CATEGORIES).toContain(r.category)
  })
})
