import { resolveDomains } from '../../miniprogram/core/resolver'
import { CatalogEntry } from '../../miniprogram/core/catalog'
import { Category } from '../../miniprogram/core/vocabulary'
import {
  canonicalEntry,
  hostnameOf,
  hostOf,
  WECHAT_WHITELIST,
  whitelistBlocks,
  WhitelistRules,
} from '../../miniprogram/core/whitelist'
import { applyWhitelistAdvice, diffWhitelist } from '../../miniprogram/core/whitelist-diff'
import { ConfiguredWhitelist, parseConfiguredWhitelist } from '../../miniprogram/core/whitelist-parse'
import { renderWhitelistDiff } from '../../miniprogram/core/whitelist-render'

const entriesFor = (v: string) => {
  const res = resolveDomains(v)
  if (!res.ok) throw new Error(`bad version ${v}`)
  return res.entries
}

describe('whitelistBlocks', () => {
  it('gives each category its domains one per line and ;-joined, in catalog order', () => {
    const blocks = whitelistBlocks(entriesFor('2.13.0'))
    expect(blocks.map((b) => b.category)).toEqual(['socket', 'request', 'uploadFile', 'downloadFile'])
    const socket = blocks[0]
    expect(socket.domains).toHaveLength(16)
    expect(socket.lines.split('\n')).toEqual(socket.domains)
    expect(socket.joined).toBe(socket.domains.join(';'))
    expect(socket.domains[0]).toBe('wss://accesshub-wss.coolbcloud.com')
    expect(blocks[3].domains).toHaveLength(6)
  })

  it('leaves out categories with nothing to add (no downloadFile before 2.2.0)', () => {
    expect(whitelistBlocks(entriesFor('1.5.0')).map((b) => b.category)).toEqual([
      'socket',
      'request',
      'uploadFile',
    ])
  })
})

const NONE_LISTS = { socket: [], request: [], uploadFile: [], downloadFile: [] }

describe('parseConfiguredWhitelist', () => {
  it('reads the console layout: header line, then one domain per line', () => {
    const text = [
      'request合法域名',
      'https://a.example.com',
      'https://b.example.com',
      'socket合法域名',
      'wss://c.example.com',
    ].join('\n')
    const res = parseConfiguredWhitelist(text)
    expect(res).toEqual({
      ok: true,
      list: {
        socket: ['wss://c.example.com'],
        request: ['https://a.example.com', 'https://b.example.com'],
        uploadFile: [],
        downloadFile: [],
      },
    })
  })

  it('reads header: a;b on one line, full-width separators and comments', () => {
    const res = parseConfiguredWhitelist(
      'uploadFile 合法域名：https://x.com；https://y.com # mine\ndownloadFile: https://z.com',
    )
    expect(res.ok && res.list.uploadFile).toEqual(['https://x.com', 'https://y.com'])
    expect(res.ok && res.list.downloadFile).toEqual(['https://z.com'])
  })

  it('the console’s section pasted whole: what is under udp合法域名 and tcp合法域名 (lists ZIM does not use) is skipped', () => {
    const res = parseConfiguredWhitelist(
      [
        'request合法域名',
        'https://a.com',
        'socket合法域名',
        'wss://b.com',
        'udp合法域名',
        'udp://u.example.com:8000',
        'tcp合法域名',
        'tcp.example.com:9000',
        'uploadFile合法域名',
        'https://c.com',
        'downloadFile合法域名',
      ].join('\n'),
    )
    expect(res).toEqual({
      ok: true,
      list: {
        socket: ['wss://b.com'],
        request: ['https://a.com'],
        uploadFile: ['https://c.com'],
        downloadFile: [],
      },
    })
    // Only udp or tcp entries: no list of ZIM's has any.
    expect(parseConfiguredWhitelist('udp合法域名\nudp://u.example.com:8000')).toEqual({
      ok: false,
      error: 'the whitelist lists no domains',
    })
  })

  it('the console’s DNS预解析域名 list (bare host names, on the same page) is skipped, wherever it comes', () => {
    const res = parseConfiguredWhitelist(
      [
        'request合法域名',
        'https://a.com',
        'DNS预解析域名',
        'a.com',
        'd2.example.com',
        'socket合法域名：wss://b.com',
        'DNS 预解析域名：c.com;d.com',
        'downloadFile合法域名',
        'https://d.com',
      ].join('\n'),
    )
    expect(res).toEqual({
      ok: true,
      list: {
        socket: ['wss://b.com'],
        request: ['https://a.com'],
        uploadFile: [],
        downloadFile: ['https://d.com'],
      },
    })
    expect(parseConfiguredWhitelist('DNS预解析域名\na.com')).toEqual({
      ok: false,
      error: 'the whitelist lists no domains',
    })
  })

  it('a JSON that names no list is refused, not read as an empty whitelist (every domain "missing")', () => {
    expect(parseConfiguredWhitelist('{}')).toEqual({
      ok: false,
      error: 'the whitelist names no list: give {"socket": ["wss://…"], "request": […]}',
    })
    // get_prefetchdnsdomain's answer: WeChat's, but no server-domain list in it.
    expect(
      parseConfiguredWhitelist(
        JSON.stringify({
          errcode: 0,
          errmsg: 'ok',
          prefetch_dns_domain: [{ url: 'd1.com', status: 0 }],
          size_limit: 5,
        }),
      ),
    ).toEqual({
      ok: false,
      error:
        "WeChat's API answer holds none of the server-domain lists (requestdomain, wsrequestdomain, uploaddomain, downloaddomain); prefetch_dns_domain is the DNS pre-resolve list, not a whitelist",
    })
    expect(parseConfiguredWhitelist('{"errcode": 0, "udpdomain": ["udp://u.example.com:8000"]}')).toEqual({
      ok: false,
      error:
        "WeChat's API answer holds none of the server-domain lists (requestdomain, wsrequestdomain, uploaddomain, downloaddomain)",
    })
    // Lists named and empty: nothing configured, said so by the diff.
    expect(parseConfiguredWhitelist('{"socket": []}')).toEqual({ ok: true, list: NONE_LISTS })
    expect(parseConfiguredWhitelist('{"errcode": 0, "requestdomain": []}')).toEqual({
      ok: true,
      list: NONE_LISTS,
    })
  })

  it('reads WeChat’s server-domain API answers: modifyServerDomain (action get) and getEffectiveServerDomain', () => {
    const get = parseConfiguredWhitelist(
      JSON.stringify({
        errcode: 0,
        errmsg: 'ok',
        requestdomain: ['https://a.com'],
        wsrequestdomain: ['wss://b.com'],
        uploaddomain: [],
        downloaddomain: ['https://d.com'],
        udpdomain: ['udp://u.example.com:8000'],
        tcpdomain: [],
      }),
    )
    expect(get).toEqual({
      ok: true,
      list: {
        socket: ['wss://b.com'],
        request: ['https://a.com'],
        uploadFile: [],
        downloadFile: ['https://d.com'],
      },
    })
    // The lists in effect, not the ones configured on the platform or by a third party.
    const effective = parseConfiguredWhitelist(
      JSON.stringify({
        errcode: 0,
        errmsg: 'ok',
        mp_domain: { requestdomain: ['https://old.example.com'] },
        third_domain: { requestdomain: [] },
        direct_domain: { requestdomain: [] },
        effective_domain: { requestdomain: ['https://a.com'], wsrequestdomain: [], uploaddomain: [] },
      }),
    )
    expect(effective).toEqual({ ok: true, list: { ...NONE_LISTS, request: ['https://a.com'] } })
    // Both shapes in one object: which one is meant is not guessed.
    expect(parseConfiguredWhitelist('{"request": ["https://a.com"], "requestdomain": []}')).toEqual({
      ok: false,
      error: `"request" beside WeChat's API fields (requestdomain, wsrequestdomain…): give one shape or the other`,
    })
    expect(parseConfiguredWhitelist('{"errcode": 61007, "errmsg": "api unauthorized"}')).toEqual({
      ok: false,
      error: "WeChat's API answered errcode 61007 (api unauthorized): no lists in it",
    })
  })

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'a JSON key named %s is an unknown category, not a crash',
    (key) => {
      expect(parseConfiguredWhitelist(`{"${key}": ["https://a.com"]}`)).toEqual({
        ok: false,
        error: `unknown category "${key}" in the whitelist; use socket, request, uploadFile, downloadFile`,
      })
    },
  )

  it('reads a list written with 、 (a Chinese enumeration), in text and in a JSON string', () => {
    const res = parseConfiguredWhitelist('request合法域名：https://x.com、https://y.com、 https://z.com')
    expect(res.ok && res.list.request).toEqual(['https://x.com', 'https://y.com', 'https://z.com'])
    const json = parseConfiguredWhitelist('{"socket": "wss://a.com、wss://b.com"}')
    expect(json.ok && json.list.socket).toEqual(['wss://a.com', 'wss://b.com'])
  })

  it('reads JSON', () => {
    const res = parseConfiguredWhitelist(
      '{"socket": ["wss://a.com"], "request": "https://b.com;https://c.com"}',
    )
    expect(res.ok && res.list.request).toEqual(['https://b.com', 'https://c.com'])
    expect(res.ok && res.list.socket).toEqual(['wss://a.com'])
  })

  it.each([
    ['', /empty/],
    ['https://a.com', /line 1: "https:\/\/a.com" comes before any category header/],
    ['{"sockets": []}', /unknown category "sockets"/],
    ['{"socket": [1]}', /must be a list of domains/],
    ['{oops', /not valid JSON/],
    ['[]', /must be an object/],
    ['request合法域名\n', /lists no domains/],
    [
      'socket合法域名\nwss://a.com\nwss://b\u001b[31m.com',
      /socket entry 2 contains a control character \(U\+001B\)/,
    ],
    ['{"request": ["https://a.com\\u0007"]}', /request entry 1 contains a control character \(U\+0007\)/],
  ])('refuses %j with a clear reason', (text, reason) => {
    const res = parseConfiguredWhitelist(text)
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.error).toMatch(reason)
  })
})

const empty = (): ConfiguredWhitelist => ({ socket: [], request: [], uploadFile: [], downloadFile: [] })

/** The full list for these rows, as the paste-ready blocks give it. */
function fullList(entries: readonly CatalogEntry[]): ConfiguredWhitelist {
  const list = empty()
  for (const b of whitelistBlocks(entries)) list[b.category] = [...b.domains]
  return list
}

/** Independent count of the (category, url) pairs with no entry of the same scheme, host and port. */
function lackingPairs(entries: readonly CatalogEntry[], list: ConfiguredWhitelist): string[] {
  const norm = (u: string) => u.trim().toLowerCase().replace(/\/+$/, '')
  const pairs = new Set(entries.map((e) => `${e.category} ${e.url}`))
  return [...pairs].filter((p) => {
    const [c, url] = p.split(' ')
    return !list[c as Category].some((e) => norm(e) === url)
  })
}

describe('diffWhitelist', () => {
  const entries = entriesFor('2.13.0')

  it('a whitelist built from the blocks has nothing to report or to do', () => {
    const diff = diffWhitelist(entries, fullList(entries))
    expect(diff).toEqual({
      ok: true,
      missing: [],
      wrongScheme: [],
      wrongCategory: [],
      extra: [],
      advice: { add: [], remove: [] },
    })
  })

  describe("the issue's 2.13.0 example: request holds detaillog-global.zego.im, uploadFile is empty", () => {
    // Partly configured as in the report: five socket domains and two request domains, of which
    // detaillog-global.zego.im (needed under request and uploadFile) and access-zfpxy-global.zego.im
    // (needed under request, uploadFile and downloadFile).
    const list = empty()
    list.socket = fullList(entries).socket.slice(0, 5)
    list.request = ['https://detaillog-global.zego.im', 'https://access-zfpxy-global.zego.im']
    const diff = diffWhitelist(entries, list)

    it('reports nothing as wrong category and every lacking pair as missing', () => {
      expect(diff.wrongCategory).toEqual([])
      expect(diff.wrongScheme).toEqual([])
      expect(diff.extra).toEqual([])
      const lacking = lackingPairs(entries, list)
      // 46 pairs for 2.13.0 (16 + 12 + 12 + 6), 7 configured: 39 lacking, as the issue expects.
      expect(new Set(entries.map((e) => e.id)).size).toBe(46)
      expect(lacking).toHaveLength(39)
      expect(diff.missing.map((m) => `${m.category} ${m.url}`)).toEqual(lacking)
      expect(diff.ok).toBe(false)
    })

    it('the uploadFile row for detaillog is missing, with a note that request needs it too', () => {
      expect(diff.missing).toContainEqual({
        category: 'uploadFile',
        url: 'https://detaillog-global.zego.im',
        alsoListedUnder: ['request'],
      })
      expect(diff.missing).toContainEqual({
        category: 'downloadFile',
        url: 'https://access-zfpxy-global.zego.im',
        alsoListedUnder: ['request'],
      })
      expect(diff.missing.filter((m) => m.alsoListedUnder)).toHaveLength(3)
    })

    it('advises adding, never deleting the request entries', () => {
      expect(diff.advice.remove).toEqual([])
      const upload = diff.advice.add.find((b) => b.category === 'uploadFile')
      expect(upload?.domains).toEqual(fullList(entries).uploadFile)
      expect(diffWhitelist(entries, applyWhitelistAdvice(list, diff.advice)).ok).toBe(true)
    })

    it('the text says "also needed", never "wrong category"', () => {
      const text = renderWhitelistDiff(diff).join('\n')
      expect(text).toContain('缺少 / missing (39)')
      expect(text).not.toMatch(/wrong category/)
      expect(text).toMatch(
        /uploadFile: https:\/\/detaillog-global\.zego\.im .*listed under request, which needs it too: do not move it, also add it under uploadFile/,
      )
      expect(text).toMatch(/已填在 request 下，那里也需要：不要移动，在 uploadFile 下再加一条/)
      expect(text).not.toMatch(/可以删除 \/ to delete/)
    })
  })

  it('wrong category only where the lists holding it do not need it; the fix moves it', () => {
    const list = fullList(entries)
    // weblogger is a socket domain; the user put it under request as https.
    list.socket = list.socket.filter((d) => d !== 'wss://weblogger-wss.zego.im')
    list.request.push('https://weblogger-wss.zego.im')
    // detaillog is needed under request and uploadFile, not downloadFile: dropped from uploadFile, put in download.
    list.uploadFile = list.uploadFile.filter((d) => d !== 'https://detaillog-global.coolbcloud.com')
    list.downloadFile.push('https://detaillog-global.coolbcloud.com')
    const diff = diffWhitelist(entries, list)
    expect(diff.wrongCategory).toEqual([
      { category: 'socket', url: 'wss://weblogger-wss.zego.im', listedUnder: ['request'] },
      {
        category: 'uploadFile',
        url: 'https://detaillog-global.coolbcloud.com',
        // request needs it too and keeps it; the downloadFile copy is the misplaced one.
        alsoListedUnder: ['request'],
        listedUnder: ['downloadFile'],
      },
    ])
    // Both pairs are lacking, so both count as missing; wrongCategory says where they sit instead.
    expect(diff.missing).toEqual(diff.wrongCategory)
    expect(diff.advice.add.map((b) => [b.category, b.domains])).toEqual([
      ['socket', ['wss://weblogger-wss.zego.im']],
      ['uploadFile', ['https://detaillog-global.coolbcloud.com']],
    ])
    expect(diff.advice.remove).toEqual([
      {
        category: 'request',
        entry: 'https://weblogger-wss.zego.im',
        reason: 'wrongCategory',
        neededUnder: ['socket'],
      },
      {
        category: 'downloadFile',
        entry: 'https://detaillog-global.coolbcloud.com',
        reason: 'wrongCategory',
        neededUnder: ['request', 'uploadFile'],
      },
    ])
    const after = applyWhitelistAdvice(list, diff.advice)
    expect(after).toEqual({
      socket: [...list.socket, 'wss://weblogger-wss.zego.im'],
      request: fullList(entries).request,
      uploadFile: [...list.uploadFile, 'https://detaillog-global.coolbcloud.com'],
      downloadFile: fullList(entries).downloadFile,
    })
    expect(diffWhitelist(entries, after).advice).toEqual({ add: [], remove: [] })
  })

  it('a stray copy where it is not needed, next to the right one, is a deletion only: nothing is lacking', () => {
    const list = fullList(entries)
    list.socket.push('https://detaillog-global.zego.im')
    const diff = diffWhitelist(entries, list)
    expect(diff.ok).toBe(true)
    expect(diff.wrongCategory).toEqual([])
    expect(diff.advice.remove).toEqual([
      {
        category: 'socket',
        entry: 'https://detaillog-global.zego.im',
        reason: 'wrongCategory',
        neededUnder: ['request', 'uploadFile'],
      },
    ])
    const text = renderWhitelistDiff(diff).join('\n')
    expect(text).toMatch(/ZIM needs it under request, uploadFile only/)
    expect(text).toMatch(/the whitelist has every domain ZIM needs/)
  })

  it.each([
    ['http://weblogger-wss.zego.im'],
    ['https://weblogger-wss.zego.im'],
    ['ws://weblogger-wss.zego.im/'],
    ['weblogger-wss.zego.im'],
    ['wss://weblogger-wss.zego.im:443'],
    ['WSS://WEBLOGGER-WSS.ZEGO.IM:8443/x'],
  ])('wrong scheme or port %s: replaced by the needed URL', (configured) => {
    const list = fullList(entries)
    list.socket = list.socket.map((d) => (d === 'wss://weblogger-wss.zego.im' ? configured : d))
    const diff = diffWhitelist(entries, list)
    expect(diff.wrongScheme).toEqual([{ category: 'socket', url: 'wss://weblogger-wss.zego.im', configured }])
    expect(diff.missing).toEqual(diff.wrongScheme)
    expect(diff.advice.remove).toEqual([
      {
        category: 'socket',
        entry: configured,
        reason: 'wrongScheme',
        replacedBy: 'wss://weblogger-wss.zego.im',
      },
    ])
    expect(diff.advice.add).toEqual([
      {
        category: 'socket',
        domains: ['wss://weblogger-wss.zego.im'],
        lines: 'wss://weblogger-wss.zego.im',
        joined: 'wss://weblogger-wss.zego.im',
      },
    ])
    expect(renderWhitelistDiff(diff).join('\n')).toContain(
      `缺少 / missing (1)\n  socket: wss://weblogger-wss.zego.im  （协议或端口不对：填成了 ${configured} / wrong scheme or port: configured as ${configured}）`,
    )
    expect(diffWhitelist(entries, applyWhitelistAdvice(list, diff.advice)).advice).toEqual({
      add: [],
      remove: [],
    })
  })

  it('case, a trailing slash, a path and spaces are the same entry; duplicates are deleted once', () => {
    const rows = entriesFor('1.5.0').filter((e) => e.category === 'request')
    const list = empty()
    list.request = [
      'HTTPS://Cloud-Setting-Api.zego.im/',
      'https://cloud-setting-api.zegocloud.com/some/path',
      '  https://webzim-detaillog.zego.im ',
      'https://cloud-setting-api.zego.im',
      'https://api.mine.example',
      'https://API.mine.example/',
    ]
    const diff = diffWhitelist(rows, list)
    expect(diff.ok).toBe(true)
    expect(diff.extra).toEqual([{ category: 'request', url: 'https://api.mine.example' }])
    expect(diff.advice.remove).toEqual([
      { category: 'request', entry: 'https://cloud-setting-api.zego.im', reason: 'duplicate' },
      { category: 'request', entry: 'https://API.mine.example/', reason: 'duplicate' },
    ])
    expect(applyWhitelistAdvice(list, diff.advice).request).toEqual(
      list.request.slice(0, 3).concat(list.request[4]),
    )
  })

  it('a redundant wrong form next to the right entry is a deletion, not a change of the right one', () => {
    const list = fullList(entries)
    list.request.unshift('http://detaillog-global.zego.im')
    const diff = diffWhitelist(entries, list)
    expect(diff.ok).toBe(true)
    expect(diff.wrongScheme).toEqual([])
    expect(diff.advice.remove).toEqual([
      {
        category: 'request',
        entry: 'http://detaillog-global.zego.im',
        reason: 'wrongScheme',
        replacedBy: 'https://detaillog-global.zego.im',
      },
    ])
  })

  it('extras are left alone: your own domains and ZIM domains of other SDK versions', () => {
    const list = fullList(entries)
    list.request.push('https://api.customer.example', 'https://cloud-setting-api.zego.im')
    list.socket.push('wss://webzim-sh2.zego.im')
    const diff = diffWhitelist(entries, list)
    expect(diff.ok).toBe(true)
    expect(diff.extra).toEqual([
      { category: 'socket', url: 'wss://webzim-sh2.zego.im' },
      { category: 'request', url: 'https://api.customer.example' },
      { category: 'request', url: 'https://cloud-setting-api.zego.im' },
    ])
    expect(diff.advice.remove).toEqual([])
  })

  it('an extra the console refuses says why (WeChat’s rules); one it takes says nothing', () => {
    const list = fullList(entries)
    list.request.push(
      'http://api.customer.example',
      'https://10.0.0.8',
      'https://api.customer.example/v1',
      'https://api.weixin.qq.com',
      'https://ok.customer.example:8443',
    )
    list.socket.push('wss://im.customer.example:8443', 'https://im2.customer.example')
    const diff = diffWhitelist(entries, list)
    expect(diff.ok).toBe(true)
    expect(diff.extra).toEqual([
      { category: 'socket', url: 'wss://im.customer.example:8443', refused: 'port' },
      { category: 'socket', url: 'https://im2.customer.example', refused: 'scheme' },
      { category: 'request', url: 'http://api.customer.example', refused: 'scheme' },
      { category: 'request', url: 'https://10.0.0.8', refused: 'ip' },
      { category: 'request', url: 'https://api.customer.example/v1', refused: 'path' },
      { category: 'request', url: 'https://api.weixin.qq.com', refused: 'weixin' },
      { category: 'request', url: 'https://ok.customer.example:8443' },
    ])
    const text = renderWhitelistDiff(diff).join('\n')
    expect(text).toContain(
      '  request: https://10.0.0.8  （控制台不接受：不能用 IP 或 localhost / the console refuses it: no IP address or localhost）',
    )
    expect(text).toContain('socket 只能用 wss:// / the console refuses it: socket takes wss:// only）')
    expect(text).toMatch(/\n {2}request: https:\/\/ok\.customer\.example:8443\n/)
    // Rules without refusals (the lists alone, as the panel carries them) say nothing of the same entries.
    expect(diffWhitelist(entries, list, WECHAT_WHITELIST).extra.every((e) => e.refused === undefined)).toBe(
      true,
    )
  })

  it('an empty whitelist: everything missing, the add blocks equal the full blocks', () => {
    const diff = diffWhitelist(entries, empty())
    expect(diff.missing).toHaveLength(46)
    expect(diff.advice.add).toEqual(whitelistBlocks(entries))
  })

  it('returns fresh arrays: changing a diff does not change the next one', () => {
    const list = fullList(entries)
    list.socket.push('https://detaillog-global.zego.im')
    diffWhitelist(entries, list).advice.remove[0].neededUnder!.push('socket')
    expect(diffWhitelist(entries, list).advice.remove[0].neededUnder).toEqual(['request', 'uploadFile'])
  })

  it("takes other platforms' list layouts through the same function (one Alipay-style list)", () => {
    const single: WhitelistRules<'server'> = {
      lists: ['server'],
      listOf: () => 'server',
      canonical: canonicalEntry,
      hostKey: hostnameOf,
    }
    const blocks = whitelistBlocks(entries, single)
    expect(blocks).toHaveLength(1)
    // One entry per distinct URL once the per-category copies collapse into one list.
    expect(blocks[0].domains).toHaveLength(new Set(entries.map((e) => e.url)).size)
    const diff = diffWhitelist(
      entries,
      { server: ['https://detaillog-global.zego.im', 'http://zego.example'] },
      single,
    )
    expect(diff.missing).toHaveLength(blocks[0].domains.length - 1)
    expect(diff.wrongCategory).toEqual([])
    expect(diff.extra).toEqual([{ category: 'server', url: 'http://zego.example' }])
    const after = applyWhitelistAdvice({ server: ['https://detaillog-global.zego.im'] }, diff.advice)
    expect(diffWhitelist(entries, after, single).ok).toBe(true)
  })

  it('never deletes an entry a list needs, even when that list needs two forms of one domain', () => {
    const rules: WhitelistRules<'all'> = {
      lists: ['all'],
      listOf: () => 'all',
      canonical: canonicalEntry,
      hostKey: hostnameOf,
    }
    const rows = [
      { ...entries[0], url: 'wss://h.example', id: 'a' },
      { ...entries[0], url: 'https://h.example', id: 'b' },
    ]
    const diff = diffWhitelist(rows, { all: ['https://h.example'] }, rules)
    expect(diff.missing).toEqual([{ category: 'all', url: 'wss://h.example' }])
    expect(diff.wrongScheme).toEqual([])
    expect(diff.advice.remove).toEqual([])
  })

  it('hostOf keeps the port, since the console matches it; canonical forms', () => {
    expect(hostOf('https://a.com:8443/path')).toBe('a.com:8443')
    expect(hostnameOf('https://a.com:8443/path')).toBe('a.com')
    expect(canonicalEntry(' HTTPS://A.com:443/x?y ')).toBe('https://a.com:443')
    expect(canonicalEntry('a.com/')).toBe('a.com')
  })
})

describe('renderWhitelistDiff', () => {
  const entries = entriesFor('2.13.0')

  it('lists sections with counts, then the paste-ready add blocks and the deletions', () => {
    const list = fullList(entries)
    list.socket = list.socket.filter((d) => d !== 'wss://accesshub-global.coolzcloud.com')
    list.request.push('https://api.customer.example', 'https://weblogger-wss.coolbcloud.com')
    list.socket = list.socket.filter((d) => d !== 'wss://weblogger-wss.coolbcloud.com')
    const lines = renderWhitelistDiff(diffWhitelist(entries, list))
    const text = lines.join('\n')
    expect(text).toContain(
      '缺少 / missing (2)\n  socket: wss://accesshub-global.coolzcloud.com\n' +
        '  socket: wss://weblogger-wss.coolbcloud.com  （分类不对：填在了 request 下，那里用不到，请移到 socket / wrong category: listed under request, which does not use it; move it to socket）\n',
    )
    expect(text).toContain(
      'extra (not a ZIM domain of this version, may be your own) (1)\n  request: https://api.customer.example',
    )
    expect(text).toContain(
      'socket 合法域名 / socket domains (2):\nwss://accesshub-global.coolzcloud.com\nwss://weblogger-wss.coolbcloud.com\n\n;-joined:\nwss://accesshub-global.coolzcloud.com;wss://weblogger-wss.coolbcloud.com',
    )
    expect(text).toContain(
      '可以删除 / to delete (1)\n  request: https://weblogger-wss.coolbcloud.com  （ZIM 只在 socket 下需要 / ZIM needs it under socket only）',
    )
    expect(text).not.toContain('the whitelist has every domain ZIM needs')
  })

  it("uses the labels it is given for other platforms' lists", () => {
    const diff = diffWhitelist(
      entries,
      { server: [] },
      { lists: ['server'], listOf: () => 'server', canonical: canonicalEntry, hostKey: hostnameOf },
    )
    const text = renderWhitelistDiff(diff, {
      server: { zh: '服务器域名白名单', en: 'server domain whitelist' },
    }).join('\n')
    const distinct = new Set(entries.map((e) => e.url)).size
    expect(text).toContain(`服务器域名白名单 / server domain whitelist (${distinct}):`)
  })
})
