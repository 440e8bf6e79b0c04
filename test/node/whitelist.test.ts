import { runCli } from '../helpers/cli'

interface DiffDoc {
  ok: boolean
  missing: { category: string; url: string; alsoListedUnder?: string[] }[]
  wrongScheme: { category: string; url: string; configured: string }[]
  wrongCategory: { category: string; url: string; listedUnder: string[] }[]
  extra: { category: string; url: string; refused?: string }[]
  advice: {
    add: { category: string; domains: string[]; joined: string }[]
    remove: { category: string; entry: string; reason: string }[]
  }
}

const fullWhitelist = (sdk: string): Record<string, string[]> => {
  const doc = JSON.parse(runCli(['whitelist', '--sdk', sdk, '--json']).stdout)
  return Object.fromEntries(
    Object.entries(doc.whitelist).map(([k, v]) => [k, (v as { domains: string[] }).domains]),
  )
}

/** The issue's 2.13.0 list: five socket domains; request holds detaillog and access-zfpxy; uploadFile empty. */
const ISSUE_LIST = [
  'socket合法域名',
  ...fullWhitelist('2.13.0').socket.slice(0, 5),
  'request合法域名',
  'https://detaillog-global.zego.im',
  'https://access-zfpxy-global.zego.im',
  'uploadFile合法域名',
  '',
].join('\n')

describe('whitelist --diff (issue 19)', () => {
  it('text: the domain request already has is missing from uploadFile, never "wrong category"', () => {
    const r = runCli(['whitelist', '--sdk', '2.13.0', '--diff', '-'], ISSUE_LIST)
    expect(r.status).toBe(1)
    expect(r.stderr).toBe('')
    const diffText = r.stdout.slice(r.stdout.indexOf('compared with your whitelist'))
    expect(diffText).toContain('缺少 / missing (39)')
    expect(diffText).not.toMatch(/wrong category|分类不对/)
    expect(diffText).toMatch(
      /\n {2}uploadFile: https:\/\/detaillog-global\.zego\.im .*request.*which needs it too: do not move it, also add it under uploadFile/,
    )
    expect(diffText).toMatch(/需要添加（粘贴到控制台对应的输入框）\/ to add \(paste into the console\):/)
    expect(diffText).not.toMatch(/to delete/)
  })

  it('JSON: diff.missing has the 39 lacking pairs, wrongCategory is empty, advice adds and deletes nothing', () => {
    const r = runCli(['whitelist', '--sdk', '2.13.0', '--diff', '-', '--json'], ISSUE_LIST)
    expect(r.status).toBe(1)
    const diff: DiffDoc = JSON.parse(r.stdout).diff
    const full = fullWhitelist('2.13.0')
    const pairs = Object.values(full).flat().length
    expect(pairs).toBe(46)
    expect(diff.missing).toHaveLength(pairs - 7)
    expect(diff.wrongCategory).toEqual([])
    expect(diff.missing).toContainEqual({
      category: 'uploadFile',
      url: 'https://detaillog-global.zego.im',
      alsoListedUnder: ['request'],
    })
    expect(diff.advice.remove).toEqual([])
    expect(diff.advice.add.find((b) => b.category === 'uploadFile')?.domains).toEqual(full.uploadFile)
  })

  it('pasting the add blocks and deleting what it says gives a clean diff (exit 0)', () => {
    const configured: Record<string, string[]> = {
      socket: ['https://weblogger-wss.zego.im', 'wss://accesshub-wss.coolbcloud.com'],
      request: ['https://detaillog-global.zego.im', 'https://api.customer.example'],
      uploadFile: ['https://detaillog-global.zego.im', 'https://detaillog-global.zego.im/'],
      downloadFile: ['https://detaillog-global.coolbcloud.com'],
    }
    const first = runCli(
      ['whitelist', '--sdk', 'latest', '--diff', '-', '--json'],
      JSON.stringify(configured),
    )
    expect(first.status).toBe(1)
    const diff: DiffDoc = JSON.parse(first.stdout).diff
    expect(diff.wrongScheme).toEqual([
      { category: 'socket', url: 'wss://weblogger-wss.zego.im', configured: 'https://weblogger-wss.zego.im' },
    ])
    expect(diff.wrongCategory).toEqual([
      {
        category: 'request',
        url: 'https://detaillog-global.coolbcloud.com',
        listedUnder: ['downloadFile'],
      },
      {
        category: 'uploadFile',
        url: 'https://detaillog-global.coolbcloud.com',
        listedUnder: ['downloadFile'],
      },
    ])
    expect(diff.advice.remove.map((x) => `${x.category} ${x.entry} ${x.reason}`)).toEqual([
      'socket https://weblogger-wss.zego.im wrongScheme',
      'uploadFile https://detaillog-global.zego.im/ duplicate',
      'downloadFile https://detaillog-global.coolbcloud.com wrongCategory',
    ])
    // Follow the advice as a user would: delete, then paste each ;-joined block into its list.
    const next = Object.fromEntries(
      Object.entries(configured).map(([k, list]) => {
        const kept = list.filter((e) => !diff.advice.remove.some((x) => x.category === k && x.entry === e))
        const block = diff.advice.add.find((b) => b.category === k)
        return [k, block ? [...kept, ...block.joined.split(';')] : kept]
      }),
    )
    const again = runCli(['whitelist', '--sdk', 'latest', '--diff', '-', '--json'], JSON.stringify(next))
    expect(again.status).toBe(0)
    const clean: DiffDoc = JSON.parse(again.stdout).diff
    expect(clean.ok).toBe(true)
    expect(clean.advice).toEqual({ add: [], remove: [] })
    expect(clean.extra).toEqual([{ category: 'request', url: 'https://api.customer.example' }])
  })

  it('your own entries the console refuses are named with why: they do nothing there (text and JSON)', () => {
    const full = fullWhitelist('2.13.0')
    const input = [
      'request合法域名',
      ...full.request,
      'http://api.customer.example、https://192.168.1.10',
      'socket合法域名',
      ...full.socket,
      'wss://im.customer.example',
    ].join('\n')
    const text = runCli(['whitelist', '--sdk', '2.13.0', '--diff', '-'], input)
    expect(text.stdout).toContain(
      '  request: http://api.customer.example  （控制台不接受：request 只能用 https:// / the console refuses it: request takes https:// only）\n',
    )
    expect(text.stdout).toContain('  request: https://192.168.1.10  （控制台不接受：不能用 IP 或 localhost')
    expect(text.stdout).toContain('  socket: wss://im.customer.example\n')
    const json = runCli(['whitelist', '--sdk', '2.13.0', '--diff', '-', '--json'], input)
    const extra: DiffDoc['extra'] = JSON.parse(json.stdout).diff.extra
    expect(extra).toEqual([
      { category: 'socket', url: 'wss://im.customer.example' },
      { category: 'request', url: 'http://api.customer.example', refused: 'scheme' },
      { category: 'request', url: 'https://192.168.1.10', refused: 'ip' },
    ])
  })

  it('reads the lists in effect from getEffectiveServerDomain’s answer, as fetched with curl', () => {
    const full = fullWhitelist('2.13.0')
    const answer = {
      errcode: 0,
      errmsg: 'ok',
      mp_domain: { requestdomain: [] },
      effective_domain: {
        requestdomain: full.request,
        wsrequestdomain: full.socket,
        uploaddomain: full.uploadFile,
        downloaddomain: full.downloadFile.slice(1),
        udpdomain: [],
        tcpdomain: [],
      },
    }
    const r = runCli(['whitelist', '--sdk', '2.13.0', '--diff', '-', '--json'], JSON.stringify(answer))
    expect(r.status).toBe(1)
    const diff: DiffDoc = JSON.parse(r.stdout).diff
    // The one left out, which request and uploadFile also need (they have it).
    expect(diff.missing).toEqual([
      { category: 'downloadFile', url: full.downloadFile[0], alsoListedUnder: ['request', 'uploadFile'] },
    ])
  })

  it('a control character in the pasted list is a usage error, not printed to the terminal', () => {
    const r = runCli(
      ['whitelist', '--sdk', '2.13.0', '--diff', '-'],
      'request合法域名\nhttps://a\u001b]0;x\u0007.com\n',
    )
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/request entry 1 contains a control character \(U\+001B\)/)
    expect(r.stderr).not.toContain('\u001b')
  })
})
