import { resolveDomains } from '../../miniprogram/core/resolver'
import {
  diffWhitelist,
  hostOf,
  parseConfiguredWhitelist,
  whitelistBlocks,
} from '../../miniprogram/core/whitelist'

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
  ])('refuses %j with a clear reason', (text, reason) => {
    const res = parseConfiguredWhitelist(text)
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.error).toMatch(reason)
  })
})

describe('diffWhitelist', () => {
  const entries = entriesFor('2.13.0')

  it('a whitelist built from the blocks has nothing missing or extra', () => {
    const list = {
      socket: [] as string[],
      request: [] as string[],
      uploadFile: [] as string[],
      downloadFile: [] as string[],
    }
    for (const b of whitelistBlocks(entries)) list[b.category] = [...b.domains]
    const diff = diffWhitelist(entries, list)
    expect(diff).toEqual({ ok: true, missing: [], wrongScheme: [], wrongCategory: [], extra: [] })
  })

  it('finds missing, wrong scheme, wrong category and extra entries', () => {
    const list = {
      socket: [] as string[],
      request: [] as string[],
      uploadFile: [] as string[],
      downloadFile: [] as string[],
    }
    for (const b of whitelistBlocks(entries)) list[b.category] = [...b.domains]
    // Missing: drop one socket domain.
    list.socket = list.socket.filter((d) => d !== 'wss://accesshub-global.coolzcloud.com')
    // Wrong scheme: https instead of wss, and no scheme at all.
    list.socket = list.socket.map((d) =>
      d === 'wss://weblogger-wss.zego.im' ? 'https://weblogger-wss.zego.im' : d,
    )
    list.socket = list.socket.map((d) =>
      d === 'wss://weblogger-wss.coolbcloud.com' ? 'weblogger-wss.coolbcloud.com/' : d,
    )
    // Wrong category: an upload domain listed only under request... it is already under request, so move a
    // download domain into uploadFile only.
    list.downloadFile = list.downloadFile.filter((d) => d !== 'https://access-zfpxy-global.coolhcloud.com')
    // Extra: the customer's own API.
    list.request.push('https://api.customer.example')
    const diff = diffWhitelist(entries, list)
    expect(diff.ok).toBe(false)
    expect(diff.missing).toEqual([{ category: 'socket', url: 'wss://accesshub-global.coolzcloud.com' }])
    expect(diff.wrongScheme).toEqual([
      { category: 'socket', url: 'wss://weblogger-wss.zego.im', configured: 'https://weblogger-wss.zego.im' },
      {
        category: 'socket',
        url: 'wss://weblogger-wss.coolbcloud.com',
        configured: 'weblogger-wss.coolbcloud.com/',
      },
    ])
    expect(diff.wrongCategory).toEqual([
      {
        category: 'downloadFile',
        url: 'https://access-zfpxy-global.coolhcloud.com',
        listedUnder: ['request', 'uploadFile'],
      },
    ])
    expect(diff.extra).toEqual([{ category: 'request', url: 'https://api.customer.example' }])
  })

  it('compares case-insensitively and ignores a trailing slash', () => {
    const entries1 = entriesFor('1.5.0').filter((e) => e.category === 'request')
    const diff = diffWhitelist(entries1, {
      socket: [],
      request: [
        'HTTPS://Cloud-Setting-Api.zego.im/',
        'https://cloud-setting-api.zegocloud.com',
        'https://webzim-detaillog.zego.im',
      ],
      uploadFile: [],
      downloadFile: [],
    })
    expect(diff.ok).toBe(true)
    expect(diff.extra).toEqual([])
  })

  it('hostOf keeps the port, since the console matches it', () => {
    expect(hostOf('https://a.com:8443/path')).toBe('a.com:8443')
  })
})
