/**
 * core/whitelist.ts read line by line through its exports, for the mutation run (issue 21): the paste-ready
 * blocks (order, dedupe, join), the parser's every branch with exact results and messages (JSON and console
 * text, line numbers, headers, comments, control characters), host forms, the diff on small hand-made
 * catalogs (exact objects), applying advice (which copy goes, absent entries and lists) and the rendered text
 * word for word. The same module on the real catalog and random configurations: whitelist.test.ts and
 * whitelist-property.test.ts.
 */
import { CatalogEntry, parseWrittenRange } from '../../miniprogram/core/catalog-rows'
import { Category } from '../../miniprogram/core/vocabulary'
import {
  canonicalEntry,
  hostnameOf,
  hostOf,
  whitelistBlocks,
  WhitelistRules,
} from '../../miniprogram/core/whitelist'
import { applyWhitelistAdvice, diffWhitelist } from '../../miniprogram/core/whitelist-diff'
import { parseConfiguredWhitelist } from '../../miniprogram/core/whitelist-parse'
import { renderWhitelistDiff } from '../../miniprogram/core/whitelist-render'

const RANGE = parseWrittenRange('1.0.0 及以上')

/** A catalog row of a hand-made catalog. */
const row = <C extends string = Category>(
  category: C,
  url: string,
  id = `${category}:${url}`,
): CatalogEntry => ({ id, category, url, purpose: 'access', range: RANGE, row: 1 }) as CatalogEntry

/** One list for every API (Alipay-style), matched as WeChat matches. */
const SINGLE: WhitelistRules<'all'> = {
  lists: ['all'],
  listOf: () => 'all',
  canonical: canonicalEntry,
  hostKey: hostnameOf,
}

const NONE = { socket: [], request: [], uploadFile: [], downloadFile: [] }

describe('whitelistBlocks', () => {
  it('lists in the rules’ order, each URL once (first form kept), one per line and ;-joined', () => {
    const rows = [
      row('request', 'https://b.example'),
      row('socket', 'wss://a.example'),
      row('request', 'https://a.example'),
      row('socket', 'WSS://A.example/', 'again'),
      row('socket', 'wss://b.example'),
      row('request', 'https://b.example', 'same id elsewhere'),
    ]
    expect(whitelistBlocks(rows)).toEqual([
      {
        category: 'socket',
        domains: ['wss://a.example', 'wss://b.example'],
        lines: 'wss://a.example\nwss://b.example',
        joined: 'wss://a.example;wss://b.example',
      },
      {
        category: 'request',
        domains: ['https://b.example', 'https://a.example'],
        lines: 'https://b.example\nhttps://a.example',
        joined: 'https://b.example;https://a.example',
      },
    ])
  })

  it('the same URL in two lists is in both; no rows, no blocks', () => {
    const blocks = whitelistBlocks([
      row('request', 'https://a.example'),
      row('uploadFile', 'https://a.example'),
    ])
    expect(blocks.map((b) => [b.category, b.domains])).toEqual([
      ['request', ['https://a.example']],
      ['uploadFile', ['https://a.example']],
    ])
    expect(whitelistBlocks([])).toEqual([])
  })
})

describe('parseConfiguredWhitelist: JSON', () => {
  it('keys in any case, strings split, entries trimmed, empty entries dropped, empty lists allowed', () => {
    const res = parseConfiguredWhitelist(
      '\n  {"Socket": [" wss://a.com ", "", "  "], "REQUEST": "https://b.com;;https://c.com;", ' +
        '"uploadFile": [], "downloadfile": "https://d.com"}',
    )
    expect(res).toEqual({
      ok: true,
      list: {
        socket: ['wss://a.com'],
        request: ['https://b.com', 'https://c.com'],
        uploadFile: [],
        downloadFile: ['https://d.com'],
      },
    })
  })

  it('an array at the start after spaces is JSON too', () => {
    expect(parseConfiguredWhitelist('  ["wss://a.com"]')).toEqual({
      ok: false,
      error: 'a JSON whitelist must be an object such as {"socket": ["wss://…"], "request": […]}',
    })
  })

  it.each([
    ['{"socket": 5}', '"socket" must be a list of domains'],
    ['{"request": null}', '"request" must be a list of domains'],
    ['{"request": {"a": "https://a.com"}}', '"request" must be a list of domains'],
    ['{"request": ["https://a.com", 7]}', '"request" must be a list of domains'],
    ['{"request": [7, "https://a.com"]}', '"request" must be a list of domains'],
    [
      '{"socket": ["wss://a.com"], "sockets": []}',
      'unknown category "sockets" in the whitelist; use socket, request, uploadFile, downloadFile',
    ],
    ['[]', 'a JSON whitelist must be an object such as {"socket": ["wss://…"], "request": […]}'],
  ])('refuses %s: %s', (text, error) => {
    expect(parseConfiguredWhitelist(text)).toEqual({ ok: false, error })
  })

  it('invalid JSON: the parser’s own message after a fixed prefix', () => {
    const res = parseConfiguredWhitelist('{"socket": [')
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.error.startsWith('the whitelist is not valid JSON: ')).toBe(true)
    expect(res.error.length).toBeGreaterThan('the whitelist is not valid JSON: '.length)
  })
})

describe('parseConfiguredWhitelist: console text', () => {
  it.each([
    ['', 'the whitelist is empty'],
    [' \n\t \r\n ', 'the whitelist is empty'],
    [undefined, 'the whitelist is empty'],
    [42, 'the whitelist is empty'],
    ['socket合法域名\nrequest合法域名\n# nothing yet', 'the whitelist lists no domains'],
  ])('refuses %j: %s', (text, error) => {
    expect(parseConfiguredWhitelist(text as string)).toEqual({ ok: false, error })
  })

  it('separator-only lines, blank lines and comments before the first header are skipped', () => {
    const text = [
      ';',
      '，',
      '',
      '# my whitelist',
      'request合法域名',
      '',
      'https://a.com # mine',
      '# only a comment',
      'socket: wss://b.com, wss://c.com',
    ].join('\n')
    expect(parseConfiguredWhitelist(text)).toEqual({
      ok: true,
      list: { ...NONE, socket: ['wss://b.com', 'wss://c.com'], request: ['https://a.com'] },
    })
  })

  it('Windows line ends; headers in any case and each written form', () => {
    expect(parseConfiguredWhitelist('request合法域名\r\nhttps://a.com\r\nhttps://b.com\r\n')).toEqual({
      ok: true,
      list: { ...NONE, request: ['https://a.com', 'https://b.com'] },
    })
    const res = parseConfiguredWhitelist(
      'SOCKET DOMAINS: wss://a.com\nRequest domain list：https://b.com\nUPLOADFILE domain https://c.com\ndownloadFile',
    )
    expect(res).toEqual({
      ok: true,
      list: { ...NONE, socket: ['wss://a.com'], request: ['https://b.com'], uploadFile: ['https://c.com'] },
    })
  })

  it('a domain before any header: its line number (counting blank and comment lines) and the domain', () => {
    expect(parseConfiguredWhitelist('# copied from the console\n\nhttps://a.com;https://b.com')).toEqual({
      ok: false,
      error:
        'line 3: "https://a.com" comes before any category header (socket / request / uploadFile / downloadFile 合法域名)',
    })
  })

  it('a lone CR and U+2028/U+2029 end a line too: the comment stops there, the line count goes on', () => {
    expect(
      parseConfiguredWhitelist(
        'request合法域名\rhttps://a.com # mine\rhttps://b.com # [old]\u2028https://c.com',
      ),
    ).toEqual({ ok: true, list: { ...NONE, request: ['https://a.com', 'https://b.com', 'https://c.com'] } })
    expect(parseConfiguredWhitelist('# a\r# b\u2029\r\nhttps://a.com')).toEqual({
      ok: false,
      error:
        'line 4: "https://a.com" comes before any category header (socket / request / uploadFile / downloadFile 合法域名)',
    })
  })

  it('brackets after the start (a comment, an entry) do not make the text JSON', () => {
    expect(parseConfiguredWhitelist('request合法域名 # [mine] {old}\nhttps://a.com')).toEqual({
      ok: true,
      list: { ...NONE, request: ['https://a.com'] },
    })
  })

  it('a line that starts with a scheme is an entry, even when the scheme is a category name', () => {
    expect(parseConfiguredWhitelist('request合法域名\n  socket://a.com\nREQUEST://b.com')).toEqual({
      ok: true,
      list: { ...NONE, request: ['socket://a.com', 'REQUEST://b.com'] },
    })
  })

  it('a domain without a scheme that starts with a category name is an entry, not a header', () => {
    const res = parseConfiguredWhitelist(
      'socket合法域名\nwss://a.com\nrequestlog.example.com\nsocket.example.com\nuploadfile-cdn.example.com',
    )
    expect(res).toEqual({
      ok: true,
      list: {
        ...NONE,
        socket: ['wss://a.com', 'requestlog.example.com', 'socket.example.com', 'uploadfile-cdn.example.com'],
      },
    })
    expect(parseConfiguredWhitelist('request-api.example.com\nrequest合法域名')).toEqual({
      ok: false,
      error:
        'line 1: "request-api.example.com" comes before any category header (socket / request / uploadFile / downloadFile 合法域名)',
    })
  })
})

describe('parseConfiguredWhitelist: control characters', () => {
  it.each([
    ['request: https://a.com https://b\u007f.com', 'request entry 2 contains a control character (U+007F)'],
    ['downloadFile: https://a\u009f.com', 'downloadFile entry 1 contains a control character (U+009F)'],
    [
      'socket: wss://a.com\nuploadFile: https://a.com https://b.com https://c\u0001.com',
      'uploadFile entry 3 contains a control character (U+0001)',
    ],
    [
      '{"socket": ["wss://a.com"], "request": ["\\u001fhttps://a.com"]}',
      'request entry 1 contains a control character (U+001F)',
    ],
  ])('%j: %s', (text, error) => {
    expect(parseConfiguredWhitelist(text)).toEqual({ ok: false, error })
  })
})

describe('host forms', () => {
  it('hostnameOf drops only a trailing port, also of an IPv6 literal and an empty one', () => {
    expect(hostnameOf('https://[::1]:443/x')).toBe('[::1]')
    expect(hostnameOf('wss://a.example:/')).toBe('a.example')
    expect(hostnameOf('a.example:8443')).toBe('a.example')
    expect(hostnameOf(' HTTPS://A.Example ')).toBe('a.example')
    expect(hostOf('https://[::1]:443/x')).toBe('[::1]:443')
  })

  it('canonicalEntry keeps scheme and port, lower-cased', () => {
    expect(canonicalEntry('WSS://A.example:8443/p')).toBe('wss://a.example:8443')
    expect(canonicalEntry('A.example:8443/p')).toBe('a.example:8443')
  })
})

describe('diffWhitelist on hand-made catalogs', () => {
  it('a list left out of the configuration is empty, not an extra entry', () => {
    expect(diffWhitelist([row('request', 'https://a.example')], { request: ['https://a.example'] })).toEqual({
      ok: true,
      missing: [],
      wrongScheme: [],
      wrongCategory: [],
      extra: [],
      advice: { add: [], remove: [] },
    })
  })

  it('an own domain next to a lacking URL is an extra, not the lacking URL in another form', () => {
    const rows = [row('request', 'https://a.example'), row('request', 'https://b.example')]
    const diff = diffWhitelist(rows, { request: ['https://a.example', 'https://mine.example'] })
    expect(diff.missing).toEqual([{ category: 'request', url: 'https://b.example' }])
    expect(diff.wrongScheme).toEqual([])
    expect(diff.wrongCategory).toEqual([])
    expect(diff.extra).toEqual([{ category: 'request', url: 'https://mine.example' }])
    expect(diff.advice.remove).toEqual([])
    expect(diff.ok).toBe(false)
  })

  it('a wrong form is replaced by the first URL the list needs for that domain', () => {
    const rows = [row('all', 'wss://h.example'), row('all', 'https://h.example')]
    const diff = diffWhitelist(rows, { all: ['http://h.example'] }, SINGLE)
    expect(diff.missing).toEqual([
      { category: 'all', url: 'wss://h.example', configured: 'http://h.example' },
      { category: 'all', url: 'https://h.example', configured: 'http://h.example' },
    ])
    expect(diff.advice.remove).toEqual([
      { category: 'all', entry: 'http://h.example', reason: 'wrongScheme', replacedBy: 'wss://h.example' },
    ])
  })

  it('a domain a list needs in two forms names that list once', () => {
    const rows = [row('request', 'https://h.example'), row('request', 'https://h.example:8443')]
    const diff = diffWhitelist(rows, { socket: ['wss://h.example'] })
    expect(diff.wrongCategory).toEqual([
      { category: 'request', url: 'https://h.example', listedUnder: ['socket'] },
      { category: 'request', url: 'https://h.example:8443', listedUnder: ['socket'] },
    ])
    expect(diff.advice.remove).toEqual([
      { category: 'socket', entry: 'wss://h.example', reason: 'wrongCategory', neededUnder: ['request'] },
    ])
  })

  it('the other needed form of a domain in the same list is neither elsewhere nor a wrong form', () => {
    const rows = [row('request', 'https://h.example'), row('request', 'https://h.example:8443')]
    const diff = diffWhitelist(rows, { request: ['https://h.example'] })
    expect(diff.missing).toEqual([{ category: 'request', url: 'https://h.example:8443' }])
    expect(diff.wrongScheme).toEqual([])
    expect(diff.advice.remove).toEqual([])
  })
})

/** Every kind of finding at once, on five domains. */
const ROWS = [
  row('socket', 'wss://s.example'),
  row('request', 'https://r.example'),
  row('request', 'https://both.example'),
  row('uploadFile', 'https://both.example'),
  row('downloadFile', 'https://d.example'),
  row('downloadFile', 'https://d2.example'),
]
const CONFIGURED = {
  // s: wrong scheme; both: in a list that does not need it.
  socket: ['ws://s.example', 'https://both.example'],
  // both: needed here; mine: the user's own, then again in another form.
  request: ['https://both.example', 'https://mine.example', 'https://MINE.example/'],
  uploadFile: [],
  // r: needed under request only.
  downloadFile: ['https://r.example'],
}

describe('every finding at once', () => {
  const diff = diffWhitelist(ROWS, CONFIGURED)

  it('the diff, exactly', () => {
    const s = { category: 'socket', url: 'wss://s.example', configured: 'ws://s.example' }
    const r = { category: 'request', url: 'https://r.example', listedUnder: ['downloadFile'] }
    const both = {
      category: 'uploadFile',
      url: 'https://both.example',
      alsoListedUnder: ['request'],
      listedUnder: ['socket'],
    }
    const block = (category: string, domains: string[]) => ({
      category,
      domains,
      lines: domains.join('\n'),
      joined: domains.join(';'),
    })
    expect(diff).toEqual({
      ok: false,
      missing: [
        s,
        r,
        both,
        { category: 'downloadFile', url: 'https://d.example' },
        { category: 'downloadFile', url: 'https://d2.example' },
      ],
      wrongScheme: [s],
      wrongCategory: [r, both],
      extra: [{ category: 'request', url: 'https://mine.example' }],
      advice: {
        add: [
          block('socket', ['wss://s.example']),
          block('request', ['https://r.example']),
          block('uploadFile', ['https://both.example']),
          block('downloadFile', ['https://d.example', 'https://d2.example']),
        ],
        remove: [
          {
            category: 'socket',
            entry: 'ws://s.example',
            reason: 'wrongScheme',
            replacedBy: 'wss://s.example',
          },
          {
            category: 'socket',
            entry: 'https://both.example',
            reason: 'wrongCategory',
            neededUnder: ['request', 'uploadFile'],
          },
          { category: 'request', entry: 'https://MINE.example/', reason: 'duplicate' },
          {
            category: 'downloadFile',
            entry: 'https://r.example',
            reason: 'wrongCategory',
            neededUnder: ['request'],
          },
        ],
      },
    })
  })

  it('following the advice gives the exact lists, and a clean diff', () => {
    const after = applyWhitelistAdvice(CONFIGURED, diff.advice)
    expect(after).toEqual({
      socket: ['wss://s.example'],
      request: ['https://both.example', 'https://mine.example', 'https://r.example'],
      uploadFile: ['https://both.example'],
      downloadFile: ['https://d.example', 'https://d2.example'],
    })
    expect(CONFIGURED.socket).toEqual(['ws://s.example', 'https://both.example'])
    const again = diffWhitelist(ROWS, after)
    expect(again.ok).toBe(true)
    expect(again.extra).toEqual([{ category: 'request', url: 'https://mine.example' }])
    expect(again.advice).toEqual({ add: [], remove: [] })
  })

  it('the text, line by line', () => {
    expect(renderWhitelistDiff(diff)).toEqual([
      '',
      '缺少 / missing (5)',
      '  socket: wss://s.example  （协议或端口不对：填成了 ws://s.example / wrong scheme or port: configured as ws://s.example）',
      '  request: https://r.example  （分类不对：填在了 downloadFile 下，那里用不到，请移到 request / wrong category: listed under downloadFile, which does not use it; move it to request）',
      '  uploadFile: https://both.example  （分类不对：填在了 socket 下，那里用不到，请移到 uploadFile / wrong category: listed under socket, which does not use it; move it to uploadFile；已填在 request 下，那里也需要：不要移动，在 uploadFile 下再加一条 / listed under request, which needs it too: do not move it, also add it under uploadFile）',
      '  downloadFile: https://d.example',
      '  downloadFile: https://d2.example',
      '',
      '多余（不是该版本 ZIM 的域名，可能是你自己的）/ extra (not a ZIM domain of this version, may be your own) (1)',
      '  request: https://mine.example',
      '',
      '需要添加（粘贴到控制台对应的输入框）/ to add (paste into the console):',
      '',
      'socket 合法域名 / socket domains (1):',
      'wss://s.example',
      '',
      ';-joined:',
      'wss://s.example',
      '',
      'request 合法域名 / request domains (1):',
      'https://r.example',
      '',
      ';-joined:',
      'https://r.example',
      '',
      'uploadFile 合法域名 / uploadFile domains (1):',
      'https://both.example',
      '',
      ';-joined:',
      'https://both.example',
      '',
      'downloadFile 合法域名 / downloadFile domains (2):',
      'https://d.example\nhttps://d2.example',
      '',
      ';-joined:',
      'https://d.example;https://d2.example',
      '',
      '可以删除 / to delete (4)',
      '  socket: ws://s.example  （协议或端口不对，由 wss://s.example 代替 / wrong form, wss://s.example replaces it）',
      '  socket: https://both.example  （ZIM 只在 request, uploadFile 下需要 / ZIM needs it under request, uploadFile only）',
      '  request: https://MINE.example/  （重复 / duplicate）',
      '  downloadFile: https://r.example  （ZIM 只在 request 下需要 / ZIM needs it under request only）',
    ])
  })
})

describe('renderWhitelistDiff: sections only when they have something', () => {
  const OK_LINE = '白名单包含所需的全部域名 / the whitelist has every domain ZIM needs'

  it('a clean diff is the one ok line', () => {
    const diff = diffWhitelist([row('request', 'https://a.example')], { request: ['https://a.example'] })
    expect(renderWhitelistDiff(diff)).toEqual(['', OK_LINE])
  })

  it('ok with an extra and a duplicate: those two sections, then the ok line', () => {
    const diff = diffWhitelist([row('request', 'https://a.example')], {
      request: ['https://a.example', 'https://A.example/', 'https://mine.example'],
    })
    expect(renderWhitelistDiff(diff)).toEqual([
      '',
      '多余（不是该版本 ZIM 的域名，可能是你自己的）/ extra (not a ZIM domain of this version, may be your own) (1)',
      '  request: https://mine.example',
      '',
      '可以删除 / to delete (1)',
      '  request: https://A.example/  （重复 / duplicate）',
      '',
      OK_LINE,
    ])
  })

  it('a list the labels do not name is shown by its own name', () => {
    const diff = diffWhitelist([row('all', 'https://a.example')], { all: [] }, SINGLE)
    expect(renderWhitelistDiff(diff, {} as Record<'all', { zh: string; en: string }>)).toEqual([
      '',
      '缺少 / missing (1)',
      '  all: https://a.example',
      '',
      '需要添加（粘贴到控制台对应的输入框）/ to add (paste into the console):',
      '',
      'all / all (1):',
      'https://a.example',
      '',
      ';-joined:',
      'https://a.example',
    ])
  })
})

describe('applyWhitelistAdvice', () => {
  it('deletes the last copy, the first entry too; skips what is absent; adds lists it did not have', () => {
    const configured = {
      socket: undefined,
      request: ['https://a.example', 'https://b.example', 'https://a.example'],
      downloadFile: ['https://x.example', 'https://y.example'],
    }
    const after = applyWhitelistAdvice(configured, {
      remove: [
        { category: 'request', entry: 'https://a.example', reason: 'duplicate' },
        { category: 'request', entry: 'https://absent.example', reason: 'duplicate' },
        { category: 'uploadFile', entry: 'https://absent.example', reason: 'duplicate' },
        {
          category: 'downloadFile',
          entry: 'https://x.example',
          reason: 'wrongCategory',
          neededUnder: ['request'],
        },
      ],
      add: [{ category: 'uploadFile', domains: ['https://u.example'], lines: '', joined: '' }],
    })
    expect(after).toEqual({
      socket: [],
      request: ['https://a.example', 'https://b.example'],
      uploadFile: ['https://u.example'],
      downloadFile: ['https://y.example'],
    })
    expect(Object.keys(after).sort()).toEqual(['downloadFile', 'request', 'socket', 'uploadFile'])
    expect(configured.request).toHaveLength(3)
    expect(configured.downloadFile).toHaveLength(2)
  })
})
