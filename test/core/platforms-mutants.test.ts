import { CATALOG, CatalogEntry } from '../../miniprogram/core/catalog'
import {
  ALIPAY_CODES,
  BAIDU_CODES,
  DOUYIN_CODES,
  platformCodes,
  QQ_CODES,
} from '../../miniprogram/core/platform-codes'
import { platformWhitelist } from '../../miniprogram/core/platform-whitelists'
import { isPlatformId, limitsFor, PLATFORM_IDS } from '../../miniprogram/core/platforms'
import { Category } from '../../miniprogram/core/vocabulary'

/*
 * core/platforms.ts read through its exported functions, one behaviour per test, for the mutation run
 * (docs/mutation.md): the limits, the code reader behind classify() (which field, which table, which code
 * wins), isPlatformId, and platformWhitelist (which list, dedupe per platform, the forms pasted, the limit and
 * port warnings word for word).
 */

/** A catalog row of `category` for `url` (purpose and range of a real row: only category and url matter here). */
const row = (category: Category, url: string): CatalogEntry => ({
  ...CATALOG[0],
  id: `${category}:${url}`,
  category,
  url,
})

describe('limitsFor', () => {
  it.each([
    ['wechat', 10, 5],
    ['qq', 10, 5],
    ['alipay', 10, 5],
    ['douyin', 10, 5],
  ] as const)('%s: %d HTTP tasks, %d sockets, and nothing else', (platform, http, socket) => {
    expect(limitsFor(platform)).toStrictEqual({ http, socket })
  })

  // Issue 26: Baidu documents 6 at once on iOS and 5 per domain on Android; an unknown OS gets both.
  it.each([
    [undefined, { http: 6, socket: 5, perHost: 5 }],
    ['ios', { http: 6, socket: 5 }],
    ['android', { http: 64, socket: 5, perHost: 5 }],
    ['devtools', { http: 6, socket: 5, perHost: 5 }],
  ] as const)('baidu on %s', (os, limits) => {
    expect(limitsFor('baidu', os)).toStrictEqual(limits)
  })
})

describe('platformCodes: reading a failure', () => {
  const t = platformCodes(
    'p',
    { '*:error:1': 'timeout', 'request:error:1': 'tls', '*:errCode:2': 'refused', 'socket:errNo:3': 'dns' },
    { '*:error:5': 'offline', '*:errCode:6': 'http' },
    [
      [/first/, 'aborted'],
      [/second|first/, 'too_many'],
    ],
  )

  it('a code of the table decides, reported as platform:n, with the weak decision of the same field', () => {
    expect(t.read({ api: 'upload', error: 1 }, '')).toStrictEqual({
      strong: { category: 'timeout', code: 'p:1' },
      weak: { category: undefined, code: 'p:1' },
    })
  })
  it('an API-specific code wins over the same code for every API', () => {
    expect(t.read({ api: 'request', error: 1 }, '').strong).toStrictEqual({ category: 'tls', code: 'p:1' })
  })
  it('a code only for one API decides for that API and not for another', () => {
    expect(t.read({ api: 'socket', errNo: 3 }, '').strong).toStrictEqual({ category: 'dns', code: 'p:3' })
    expect(t.read({ api: 'request', errNo: 3 }, '')).toStrictEqual({
      strong: undefined,
      weak: { category: undefined, code: 'p:3' },
    })
  })
  it('a code is read only in its own field', () => {
    // 2 is a code of errCode, not of error.
    expect(t.read({ api: 'request', error: 2 }, '').strong).toBeUndefined()
    expect(t.read({ api: 'request', errCode: 2 }, '').strong).toStrictEqual({
      category: 'refused',
      code: 'p:2',
    })
  })
  it('a weak code does not decide alone, and is kept as the weak decision', () => {
    expect(t.read({ api: 'request', error: 5 }, 'anything')).toStrictEqual({
      strong: undefined,
      weak: { category: 'offline', code: 'p:5' },
    })
  })
  it('only numbers are codes; with none, nothing is decided', () => {
    expect(t.read({ api: 'request', error: '1', errCode: null, errNo: true }, '')).toStrictEqual({
      strong: undefined,
      weak: undefined,
    })
    expect(t.read({}, '')).toStrictEqual({ strong: undefined, weak: undefined })
  })
  it('a missing field before the code does not take its place', () => {
    // error, errorCode and errNo are absent: errCode is the first (and only) code read.
    expect(t.read({ api: 'request', errCode: 6 }, '')).toStrictEqual({
      strong: undefined,
      weak: { category: 'http', code: 'p:6' },
    })
  })
  it('the first field with a code decides, in the order error, errorCode, errNo, errCode', () => {
    // Both strong: error (read first) wins.
    expect(t.read({ api: 'request', errCode: 2, error: 1 }, '').strong).toStrictEqual({
      category: 'tls',
      code: 'p:1',
    })
    // The weak decision is that of the first numeric field, even when a later field has a weak code.
    expect(t.read({ api: 'x', error: 5, errCode: 6 }, '').weak).toStrictEqual({
      category: 'offline',
      code: 'p:5',
    })
    expect(t.read({ api: 'x', error: 7, errCode: 6 }, '').weak).toStrictEqual({
      category: undefined,
      code: 'p:7',
    })
    // A field without a strong code does not stop a later one from deciding.
    expect(t.read({ api: 'x', error: 7, errCode: 2 }, '').strong).toStrictEqual({
      category: 'refused',
      code: 'p:2',
    })
  })
  it("a pattern decides when no code does, keeping the failure's code; the first pattern that matches wins", () => {
    expect(t.read({ api: 'x', error: 5 }, 'the first wording')).toStrictEqual({
      strong: { category: 'aborted', code: 'p:5' },
      weak: { category: 'offline', code: 'p:5' },
    })
    expect(t.read({ api: 'x' }, 'a second wording')).toStrictEqual({
      strong: { category: 'too_many', code: undefined },
      weak: undefined,
    })
    expect(t.read({ api: 'x' }, 'no wording of its own')).toStrictEqual({
      strong: undefined,
      weak: undefined,
    })
  })
  it('a code decides before a pattern', () => {
    expect(t.read({ api: 'x', error: 1 }, 'the first wording').strong).toStrictEqual({
      category: 'timeout',
      code: 'p:1',
    })
  })
})

describe('the platforms’ code tables', () => {
  it('Alipay: each API its own codes, as its page lists them (every code 0–70 pinned)', () => {
    const read = (api: string, error: number) => ALIPAY_CODES.read({ api, error }, '')
    // strong / weak categories per API; every other code in 0..70 decides nothing (weak category undefined).
    const expected: Record<string, { strong: Record<number, string>; weak: Record<number, string> }> = {
      request: {
        strong: {
          1: 'aborted',
          2: 'bad_request',
          4: 'not_whitelisted',
          9: 'aborted',
          11: 'not_whitelisted',
          13: 'timeout',
          15: 'bad_request',
          23: 'proxy',
        },
        weak: { 12: 'refused', 14: 'unknown', 19: 'unknown', 20: 'refused' },
      },
      uploadFile: {
        strong: {
          4: 'not_whitelisted',
          9: 'aborted',
          11: 'bad_request',
          13: 'not_whitelisted',
          20: 'bad_request',
        },
        weak: { 12: 'refused' },
      },
      downloadFile: {
        strong: { 2: 'bad_request', 9: 'aborted', 20: 'bad_request' },
        weak: { 12: 'unknown' },
      },
      socket: {
        strong: {
          2: 'bad_request',
          3: 'bad_request',
          4: 'bad_request',
          5: 'bad_request',
          6: 'timeout',
          8: 'http',
          20: 'bad_request',
          65: 'not_whitelisted',
        },
        weak: { 1: 'unknown', 12: 'unknown', 50: 'refused' },
      },
    }
    for (const [api, want] of Object.entries(expected))
      for (let n = 0; n <= 70; n++) {
        const got = read(api, n)
        expect({ api, n, strong: got.strong?.category, weak: got.weak?.category }).toStrictEqual({
          api,
          n,
          strong: want.strong[n],
          weak: want.weak[n],
        })
        expect(got.weak?.code).toBe(`alipay:${n}`)
      }
    // No code is read for an API the table does not name.
    expect(read('other', 4)).toStrictEqual({
      strong: undefined,
      weak: { category: undefined, code: 'alipay:4' },
    })
  })
  it('Alipay: "URL 不支持 HTTP / ws" wordings are a bad request whatever the code', () => {
    for (const msg of [
      '请求url不支持http,请使用https',
      '请求 URL 不支持 HTTP，请使用 HTTPS',
      '不支持下载 HTTP 资源。',
      '请求url不支持ws，请使用wss',
    ])
      expect(ALIPAY_CODES.read({ api: 'request', error: 20 }, msg).strong).toStrictEqual({
        category: 'bad_request',
        code: 'alipay:20',
      })
    expect(ALIPAY_CODES.read({ api: 'request', error: 20 }, '请求已被停止/服务端限流').strong).toBeUndefined()
  })
  it('Alipay: 12 is weak, and its own wordings decide with the code kept', () => {
    expect(ALIPAY_CODES.read({ api: 'request', error: 12 }, 'request:fail')).toStrictEqual({
      strong: undefined,
      weak: { category: 'refused', code: 'alipay:12' },
    })
    expect(ALIPAY_CODES.read({ api: 'request', error: 12 }, 'request:fail 无权跨域调用')).toStrictEqual({
      strong: { category: 'not_whitelisted', code: 'alipay:12' },
      weak: { category: 'refused', code: 'alipay:12' },
    })
    for (const msg of ['请配置安全域名', '未配置域名白名单，无权访问域名', 'N22106'])
      expect(ALIPAY_CODES.read({ api: 'request' }, msg).strong?.category).toBe('not_whitelisted')
    expect(ALIPAY_CODES.read({ api: 'request' }, '似乎已断开与互联网的连接。').strong).toStrictEqual({
      category: 'offline',
      code: undefined,
    })
  })
  it('Douyin: no codes, its wordings only', () => {
    expect(DOUYIN_CODES.read({ api: 'request', errNo: 21100 }, 'request:fail')).toStrictEqual({
      strong: undefined,
      weak: { category: undefined, code: 'douyin:21100' },
    })
    expect(
      DOUYIN_CODES.read({ api: 'request' }, 'request:fail url is not valid domain').strong,
    ).toStrictEqual({ category: 'not_whitelisted', code: undefined })
    expect(DOUYIN_CODES.read({}, 'url is not a valid domain').strong?.category).toBe('not_whitelisted')
    expect(DOUYIN_CODES.read({}, 'URL not in the legal domain list').strong?.category).toBe('not_whitelisted')
    expect(DOUYIN_CODES.read({}, 'request:fail app is in background').strong?.category).toBe('aborted')
  })
  it('Baidu: errCode 201/202 decide, 1001 is weak, errno is not its field', () => {
    expect(BAIDU_CODES.read({ api: 'request', errCode: 202 }, '').strong).toStrictEqual({
      category: 'bad_request',
      code: 'baidu:202',
    })
    expect(BAIDU_CODES.read({ api: 'request', errCode: 201 }, '').strong?.category).toBe('bad_request')
    expect(BAIDU_CODES.read({ api: 'request', errCode: 1001 }, '')).toStrictEqual({
      strong: undefined,
      weak: { category: 'unknown', code: 'baidu:1001' },
    })
    expect(BAIDU_CODES.read({ api: 'request', errno: 202 }, '')).toStrictEqual({
      strong: undefined,
      weak: undefined,
    })
  })
  it('QQ: names the platform and decides nothing', () => {
    expect(QQ_CODES.platform).toBe('qq')
    expect(QQ_CODES.read({ api: 'request', errCode: 4 }, 'url not in domain list')).toStrictEqual({
      strong: undefined,
      weak: { category: undefined, code: 'qq:4' },
    })
  })
})

describe('isPlatformId', () => {
  it('takes the six ids exactly', () => {
    for (const id of PLATFORM_IDS) expect(isPlatformId(id)).toBe(true)
    for (const v of ['ks', 'xiaohongshu', 'WeChat', 'wechat ', '', 'wx', 'my'])
      expect({ v, ok: isPlatformId(v) }).toEqual({ v, ok: false })
  })
  it('refuses non-strings', () => {
    for (const v of [undefined, null, 0, ['wechat'], { wechat: true }])
      expect({ v, ok: isPlatformId(v) }).toEqual({ v, ok: false })
  })
})

describe('platformWhitelist', () => {
  it('WeChat: one list per category in console order, each with its own rows, as typed', () => {
    const rows = [
      row('downloadFile', 'https://d.example.com/path'),
      row('request', 'https://r.example.com'),
      row('socket', 'wss://s.example.com:8443'),
      row('request', 'https://r2.example.com'),
    ]
    expect(platformWhitelist('wechat', rows)).toStrictEqual({
      lists: [
        {
          name: 'socket',
          label: { zh: 'socket 合法域名', en: 'socket domains' },
          entries: ['wss://s.example.com:8443'],
        },
        {
          name: 'request',
          label: { zh: 'request 合法域名', en: 'request domains' },
          entries: ['https://r.example.com', 'https://r2.example.com'],
        },
        {
          name: 'downloadFile',
          label: { zh: 'downloadFile 合法域名', en: 'downloadFile domains' },
          entries: ['https://d.example.com/path'],
        },
      ],
      warnings: [],
    })
  })
  it('nothing needed: no lists and no warnings', () => {
    expect(platformWhitelist('wechat', [])).toStrictEqual({ lists: [], warnings: [] })
    expect(platformWhitelist('alipay', [])).toStrictEqual({ lists: [], warnings: [] })
  })
  it('WeChat: one entry per scheme+host+port, the first form kept; another port is another entry', () => {
    const rows = [
      row('request', 'https://a.example.com/x'),
      row('request', 'HTTPS://A.example.com/y'),
      row('request', 'https://a.example.com:8443'),
      row('request', 'https://a.example.com:443'),
    ]
    expect(platformWhitelist('wechat', rows).lists[0].entries).toEqual([
      'https://a.example.com/x',
      'https://a.example.com:8443',
      'https://a.example.com:443',
    ])
  })
  it('Baidu: one entry per scheme+host whatever the port, the first kept; each port gets a warning', () => {
    const rows = [
      row('request', 'https://a.example.com'),
      row('request', 'https://a.example.com:8443'),
      row('request', 'https://b.example.com:8443/p'),
      row('request', 'https://b.example.com:443'),
      row('request', 'http://b.example.com'),
    ]
    expect(platformWhitelist('baidu', rows)).toStrictEqual({
      lists: [
        {
          name: 'request',
          label: { zh: 'request 合法域名', en: 'request domains' },
          entries: ['https://a.example.com', 'https://b.example.com:8443/p', 'http://b.example.com'],
        },
      ],
      warnings: [
        'request: https://b.example.com:8443/p 带端口，该平台不允许 / https://b.example.com:8443/p has a port, which the platform does not allow',
      ],
    })
  })
  it('Baidu: a port of one digit is a port too', () => {
    const { lists, warnings } = platformWhitelist('baidu', [
      row('socket', 'wss://a.example.com:8'),
      row('socket', 'wss://a.example.com:9'),
    ])
    expect(lists[0].entries).toEqual(['wss://a.example.com:8'])
    expect(warnings).toEqual([
      'socket: wss://a.example.com:8 带端口，该平台不允许 / wss://a.example.com:8 has a port, which the platform does not allow',
    ])
  })
  it('Baidu: an IPv6 address is not taken for a port, and its port is dropped for the comparison', () => {
    expect(platformWhitelist('baidu', [row('request', 'https://[2001:db8::1]')]).warnings).toEqual([])
    const ported = platformWhitelist('baidu', [
      row('request', 'https://[2001:db8::1]:8443'),
      row('request', 'https://[2001:db8::1]:9443'),
    ])
    expect(ported.lists[0].entries).toEqual(['https://[2001:db8::1]:8443'])
    expect(ported.warnings).toHaveLength(1)
  })
  it('ports: WeChat, QQ, Douyin and Alipay give no port warning', () => {
    const rows = [row('request', 'https://a.example.com:8443')]
    for (const p of ['wechat', 'qq', 'douyin', 'alipay'] as const)
      expect({ p, w: platformWhitelist(p, rows).warnings }).toEqual({ p, w: [] })
  })

  const many = (n: number, category: Category = 'request') =>
    Array.from({ length: n }, (_, i) => row(category, `https://h${i}.example.com`))
  it('Baidu and QQ: 20 entries per list are fine, 21 get one warning naming the list and the counts', () => {
    for (const p of ['baidu', 'qq'] as const) {
      expect(platformWhitelist(p, many(19)).warnings).toEqual([])
      expect(platformWhitelist(p, many(20)).warnings).toEqual([])
      expect(platformWhitelist(p, many(21, 'uploadFile')).warnings).toEqual([
        "uploadFile: 21 个域名，超过该平台每类 20 个的上限 / 21 domains, over the platform's limit of 20 per list",
      ])
    }
  })
  it('the limit counts entries after dedupe, per list', () => {
    // 21 rows, two of them the same entry: 20 entries.
    const rows = [...many(20), row('request', 'https://h0.example.com/other')]
    expect(platformWhitelist('baidu', rows).warnings).toEqual([])
    // 20 in one list and 20 in another: no list over 20.
    expect(platformWhitelist('qq', [...many(20), ...many(20, 'socket')]).warnings).toEqual([])
  })
  it('WeChat, Douyin and Alipay have no documented limit: no warning however long a list is', () => {
    for (const p of ['wechat', 'douyin', 'alipay'] as const)
      expect({ p, w: platformWhitelist(p, many(25)).warnings }).toEqual({ p, w: [] })
  })
  it('Alipay: every category in its one list, the domain alone, once per domain', () => {
    const rows = [
      row('socket', 'wss://A.example.com:8443/ws'),
      row('request', 'https://a.example.com'),
      row('downloadFile', 'https://b.example.com/file'),
      row('uploadFile', 'http://c.example.com:80'),
    ]
    expect(platformWhitelist('alipay', rows)).toStrictEqual({
      lists: [
        {
          name: 'server',
          label: { zh: '服务器域名白名单', en: 'server domain whitelist' },
          entries: ['a.example.com', 'b.example.com', 'c.example.com'],
        },
      ],
      warnings: [],
    })
  })
  it('Douyin and QQ: four lists as on WeChat, entries as typed', () => {
    const rows = [row('socket', 'wss://s.example.com'), row('uploadFile', 'https://u.example.com/up')]
    for (const p of ['douyin', 'qq'] as const)
      expect(platformWhitelist(p, rows).lists.map((l) => [l.name, l.entries])).toEqual([
        ['socket', ['wss://s.example.com']],
        ['uploadFile', ['https://u.example.com/up']],
      ])
  })
})
