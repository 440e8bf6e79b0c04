/**
 * core/causes.ts read directly on hand-made rows: registrable domains at their edges, when failing rows are
 * "every probe", a whole domain or rows (at the counts where that changes), skipped rows, the order of causes
 * and of ids, and the exact keys and lines. The same on runs of the real engine is in causes.test.ts.
 */
import {
  Cause,
  causeHint,
  causeKey,
  describeCause,
  findCauses,
  registrableDomain,
} from '../../miniprogram/core/causes'
import { describeCategory } from '../../miniprogram/core/classifier'
import { ProbeResult } from '../../miniprogram/core/result'
import { Category, ErrorCategory, ProbeStatus } from '../../miniprogram/core/vocabulary'

function probe(
  url: string,
  status: ProbeStatus,
  error?: ErrorCategory,
  category: Category = 'request',
): ProbeResult {
  return {
    id: `${category}:${url}`,
    category,
    url,
    purpose: 'access',
    status,
    ...(error ? { error: { category: error, errMsg: `${error} at ${url}` } } : {}),
  }
}
const fail = (url: string, error: ErrorCategory, category: Category = 'request') =>
  probe(url, 'fail', error, category)
const pass = (url: string, category: Category = 'request') => probe(url, 'pass', undefined, category)

/** error, scope kind, count, of: the shape of a list of causes. */
const shape = (causes: Cause[]) => causes.map((c) => [c.error, c.scope.kind, c.count, c.of])

describe('registrableDomain at its edges', () => {
  it.each([
    // A leading digit is a name, not an address.
    ['3g.qq.com', 'qq.com'],
    // A generic second level under a three-letter top level is an ordinary name.
    ['www.go.com', 'go.com'],
    ['a.b.net.com', 'net.com'],
    // …and under a two-letter one it is not registrable.
    ['a.b.net.cn', 'b.net.cn'],
    ['a.b.zego.cn', 'zego.cn'],
    ['example.com', 'example.com'],
    ['localhost', 'localhost'],
    ['10.0.0.1', '10.0.0.1'],
    ['[::1]', '[::1]'],
    ['[::ffff:127.0.0.1]', '[::ffff:127.0.0.1]'],
    ['A.B.Example.COM.', 'example.com'],
  ])('%s → %s', (host, want) => expect(registrableDomain(host)).toBe(want))
})

describe('findCauses: every probe', () => {
  it('two probes that ran, both failing the same way: every, with categories, sorted hosts and ids', () => {
    const rows = [
      fail('https://b.example.com/x', 'timeout'),
      fail('wss://a.example.org', 'timeout', 'socket'),
    ]
    expect(findCauses(rows)).toEqual([
      {
        error: 'timeout',
        scope: { kind: 'every' },
        count: 2,
        of: 2,
        categories: ['socket', 'request'],
        hosts: ['a.example.org', 'b.example.com'],
        ids: ['request:https://b.example.com/x', 'socket:wss://a.example.org'],
      },
    ])
  })

  it('skipped rows did not run: they neither stop "every" nor count in it', () => {
    const rows = [
      fail('https://a.example.com', 'timeout'),
      probe('https://b.example.org', 'skipped', 'aborted'),
      fail('https://c.example.net', 'timeout'),
      probe('https://d.example.com', 'skipped'),
    ]
    expect(shape(findCauses(rows))).toEqual([['timeout', 'every', 2, 2]])
  })

  it('one probe that ran and failed is a row, not "every"', () => {
    const rows = [fail('https://a.zego.im', 'dns'), probe('https://b.zego.im', 'skipped')]
    const causes = findCauses(rows)
    expect(causes).toEqual([
      {
        error: 'dns',
        scope: { kind: 'rows' },
        count: 1,
        of: 1,
        categories: ['request'],
        hosts: ['a.zego.im'],
        ids: ['request:https://a.zego.im'],
      },
    ])
    expect(describeCause(causes[0], 'en')).toBe('1 request domain: DNS')
  })

  it('one failure among several that ran is not "every"', () => {
    const rows = [fail('https://a.one.com', 'tls'), pass('https://b.two.com'), pass('https://c.three.com')]
    expect(shape(findCauses(rows))).toEqual([['tls', 'rows', 1, 1]])
  })
})

describe('findCauses: whole domains', () => {
  it('two rows of one domain, both failing, while another domain passes: that domain', () => {
    const rows = [
      fail('https://a.zego.im', 'tls'),
      pass('https://x.example.com'),
      fail('wss://b.zego.im:443/ws', 'tls', 'socket'),
      probe('https://c.zego.im', 'skipped'),
    ]
    expect(findCauses(rows)).toEqual([
      {
        error: 'tls',
        scope: { kind: 'domain', domain: 'zego.im' },
        count: 2,
        of: 2,
        categories: ['socket', 'request'],
        hosts: ['a.zego.im', 'b.zego.im'],
        ids: ['request:https://a.zego.im', 'socket:wss://b.zego.im:443/ws'],
      },
    ])
  })

  it('a domain with one row is not a domain cause', () => {
    const rows = [
      fail('https://a.zego.im', 'tls'),
      pass('https://x.example.com'),
      pass('https://y.example.com'),
    ]
    expect(shape(findCauses(rows))).toEqual([['tls', 'rows', 1, 1]])
  })

  it('a domain where one row passes: its failures are rows', () => {
    const rows = [
      fail('https://a.zego.im', 'tls'),
      pass('https://b.zego.im'),
      fail('https://c.zego.im', 'tls'),
      pass('https://x.example.com'),
    ]
    expect(shape(findCauses(rows))).toEqual([['tls', 'rows', 2, 2]])
  })

  it('a domain failing two ways is no domain cause of either', () => {
    const rows = [
      fail('https://a.zego.im', 'tls'),
      fail('https://b.zego.im', 'timeout'),
      fail('https://c.zego.im', 'tls'),
      fail('https://d.zego.im', 'timeout'),
      pass('https://x.example.com'),
    ]
    expect(shape(findCauses(rows))).toEqual([
      ['timeout', 'rows', 2, 2],
      ['tls', 'rows', 2, 2],
    ])
  })

  it('rows left over keep the order of the results across domains, hosts sorted', () => {
    const rows = [
      fail('https://c.one.com', 'refused'),
      fail('https://b.two.com', 'refused'),
      fail('https://a.one.com', 'refused'),
      pass('https://d.one.com'),
      pass('https://e.two.com'),
    ]
    const [c] = findCauses(rows)
    expect(c.ids).toEqual([
      'request:https://c.one.com',
      'request:https://b.two.com',
      'request:https://a.one.com',
    ])
    expect(c.hosts).toEqual(['a.one.com', 'b.two.com', 'c.one.com'])
    expect(c.scope).toEqual({ kind: 'rows' })
  })

  it('one error: the whole domain, then the rest as rows', () => {
    const rows = [
      fail('https://a.other.com', 'timeout'),
      fail('https://x.zego.im', 'timeout'),
      pass('https://b.other.com'),
      fail('https://y.zego.im', 'timeout', 'socket'),
    ]
    const causes = findCauses(rows)
    expect(shape(causes)).toEqual([
      ['timeout', 'domain', 2, 2],
      ['timeout', 'rows', 1, 1],
    ])
    expect(causes[1].ids).toEqual(['request:https://a.other.com'])
  })
})

describe('findCauses: what is left out', () => {
  it('rows that did not fail, and failures without an error, are no cause', () => {
    const rows = [
      probe('https://a.zego.im', 'warn', 'http'),
      probe('https://b.zego.im', 'pass', 'unknown'),
      probe('https://c.zego.im', 'fail'),
      fail('https://d.example.com', 'dns'),
    ]
    expect(shape(findCauses(rows))).toEqual([['dns', 'rows', 1, 1]])
    expect(findCauses([])).toEqual([])
    expect(findCauses([pass('https://a.zego.im'), pass('https://b.zego.im')])).toEqual([])
  })
})

describe('findCauses: the order of causes', () => {
  it('largest first, whatever order the errors came in', () => {
    const rows = [
      fail('https://a.one.com', 'dns'),
      fail('https://b.two.com', 'tls'),
      fail('https://c.three.com', 'tls'),
      fail('https://d.four.com', 'tls'),
      pass('https://e.two.com'),
      pass('https://f.three.com'),
      pass('https://g.four.com'),
    ]
    expect(shape(findCauses(rows))).toEqual([
      ['tls', 'rows', 3, 3],
      ['dns', 'rows', 1, 1],
    ])
  })

  it('as large: every, then domain, then rows, even against the order of the errors', () => {
    const rows = [
      fail('https://a.one.com', 'not_whitelisted'),
      fail('https://b.two.com', 'not_whitelisted'),
      fail('https://x.zego.im', 'timeout'),
      fail('https://y.zego.im', 'timeout'),
      pass('https://c.one.com'),
      pass('https://d.two.com'),
    ]
    expect(shape(findCauses(rows))).toEqual([
      ['timeout', 'domain', 2, 2],
      ['not_whitelisted', 'rows', 2, 2],
    ])
  })

  it('as large and as wide: in the order of the error categories', () => {
    const rows = [
      fail('https://a.one.com', 'tls'),
      fail('https://b.two.com', 'dns'),
      pass('https://c.one.com'),
      pass('https://d.two.com'),
    ]
    expect(shape(findCauses(rows))).toEqual([
      ['dns', 'rows', 1, 1],
      ['tls', 'rows', 1, 1],
    ])
  })
})

describe('causeKey', () => {
  it.each<[Pick<Cause, 'error' | 'scope' | 'categories'>, string]>([
    [{ error: 'timeout', scope: { kind: 'every' }, categories: ['socket', 'request'] }, 'timeout|every'],
    [
      { error: 'tls', scope: { kind: 'domain', domain: 'zego.im' }, categories: ['request'] },
      'tls|domain:zego.im',
    ],
    [
      { error: 'not_whitelisted', scope: { kind: 'rows' }, categories: ['request', 'uploadFile'] },
      'not_whitelisted|rows:request/uploadFile',
    ],
    [{ error: 'dns', scope: { kind: 'rows' }, categories: ['socket'] }, 'dns|rows:socket'],
  ])('%j → %s', (c, want) => expect(causeKey(c)).toBe(want))
})

describe('describeCause: every kind, both languages', () => {
  it.each<[Pick<Cause, 'error' | 'scope' | 'count' | 'categories'>, string, string]>([
    [
      { error: 'timeout', scope: { kind: 'every' }, count: 3, categories: ['socket', 'request'] },
      'every probe fails (3 of 3): timeout',
      '全部 3 项都失败：超时',
    ],
    [
      { error: 'tls', scope: { kind: 'domain', domain: 'zego.im' }, count: 2, categories: ['request'] },
      'all 2 *.zego.im probes fail: TLS',
      '*.zego.im 的 2 项全部失败：TLS/证书错误',
    ],
    [
      { error: 'not_whitelisted', scope: { kind: 'rows' }, count: 2, categories: ['request', 'uploadFile'] },
      '2 request/uploadFile domains: not whitelisted',
      'request/uploadFile 共 2 个域名：未加入合法域名',
    ],
    [
      { error: 'refused', scope: { kind: 'rows' }, count: 1, categories: ['socket'] },
      '1 socket domain: refused',
      'socket 共 1 个域名：连接被拒绝或中断',
    ],
  ])('%j', (c, en, zh) => {
    expect(describeCause(c, 'en')).toBe(en)
    expect(describeCause(c, 'zh')).toBe(zh)
  })

  it("the hint of a cause is its error category's", () => {
    expect(causeHint({ error: 'tls' }, 'en')).toBe(describeCategory('tls', 'en'))
    expect(causeHint({ error: 'dns' }, 'zh')).toBe(describeCategory('dns', 'zh'))
  })
})
