import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CATALOG_INFO } from '../../miniprogram/core/catalog'
import { validateReport } from '../../miniprogram/core/report'
import { runCli, runCliAsync } from '../helpers/cli'
import { VENDORED_SEED } from '../helpers/seed'
import { startTestServers, TestServers } from '../helpers/servers'
import { MODIFIED } from '../helpers/tables'

let dir: string
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'zim-catalog-'))))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const file = (name: string, text: string) => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

describe('netcheck catalog import', () => {
  it('writes catalog JSON with provenance; the import of the vendored table is the built-in one', () => {
    const out = join(dir, 'seed.json')
    const r = runCli(['catalog', 'import', VENDORED_SEED, '--out', out, '--date', '2026-12-01'])
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(
      /^imported 63 rows from zim-miniprogram-server-domains\.md \(5 purposes: access, report, config, log, file; 6 version ranges; hash [0-9a-f]{8}\)\ncatalog written to /,
    )
    const doc = JSON.parse(readFileSync(out, 'utf8'))
    expect(doc.source).toEqual({
      name: 'zim-miniprogram-server-domains.md',
      date: '2026-12-01',
      rows: 63,
      hash: CATALOG_INFO.hash,
    })
  })

  it('prints to stdout without --out; --source names the docs page', () => {
    const r = runCli(
      ['catalog', 'import', '-', '--source', 'https://doc-zh.zego.im/article/x'],
      MODIFIED.newPurpose(),
    )
    expect(r.status).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.source.name).toBe('https://doc-zh.zego.im/article/x')
    expect(doc.rows).toHaveLength(64)
    expect(doc.purposes['推送通知']).toBe('推送通知：离线推送的图片。')
  })

  it.each([
    [
      'a broken rowspan',
      () => file('broken.md', MODIFIED.rowspanTooLong()),
      /: cannot import the table: row 14: one cell too many/,
    ],
    [
      'garbage',
      () => file('garbage.html', '<html><body>Not found</body></html>'),
      /: cannot import the table: no table found/,
    ],
    ['a missing file', () => join(dir, 'nope.html'), /docs page ".*nope\.html": file not found/],
  ])('refuses %s: exit 2, one line naming the problem', (_n, make, message) => {
    const r = runCli(['catalog', 'import', make()])
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(message)
  })

  it('names its sub-command', () => {
    expect(runCli(['catalog']).stderr).toMatch(/missing sub-command; use: catalog import/)
    expect(runCli(['catalog', 'export', 'x']).status).toBe(2)
  })
})

describe('--catalog and --extra', () => {
  let newRange: string
  let bounded: string
  beforeAll(() => {
    newRange = join(dir, 'new-range.json')
    bounded = join(dir, 'bounded.json')
    expect(runCli(['catalog', 'import', file('nr.md', MODIFIED.newRange()), '--out', newRange]).status).toBe(
      0,
    )
    expect(runCli(['catalog', 'import', file('b.md', MODIFIED.allBounded()), '--out', bounded]).status).toBe(
      0,
    )
  })

  it('domains resolves in the imported catalog and says which one', () => {
    const r = runCli(['domains', '--sdk', '2.20.1', '--catalog', newRange, '--json'])
    expect(r.status).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.catalog).toMatchObject({ builtin: false, source: 'nr.md', rows: 64 })
    expect(
      doc.domains
        .filter((d: { purpose: string }) => d.purpose === 'access')
        .map((d: { url: string }) => d.url),
    ).toEqual(['wss://accesshub-v3.zego.im'])
    const builtin = JSON.parse(runCli(['domains', '--sdk', '2.20.1', '--json']).stdout)
    // The built-in table keeps the documented JSON shape: no catalog key.
    expect(builtin.catalog).toBeUndefined()
    expect(builtin.domains.filter((d: { purpose: string }) => d.purpose === 'access')).toHaveLength(10)
  })

  it('a version above the documented ones: the newest range, with a note pointing at catalog import', () => {
    const r = runCli(['domains', '--sdk', '3.0.0', '--catalog', bounded])
    expect(r.status).toBe(0)
    expect(r.stderr).toMatch(
      /^note: SDK 3\.0\.0 is above every version the domain table documents \(up to 2\.19\.0\): resolved as "2\.13\.0 ~ 2\.19\.0".*zim-netcheck catalog import/,
    )
    expect(r.stdout).toMatch(/ZIM SDK 3\.0\.0 .*: 46 domains/)
  })

  it.each([
    [
      'a docs page instead of JSON',
      () => ['--catalog', VENDORED_SEED],
      /--catalog .*: not a catalog JSON file; a docs page must be imported first: zim-netcheck catalog import/,
    ],
    [
      'an invalid catalog',
      () => [
        '--catalog',
        file(
          'bad.json',
          JSON.stringify({
            schema: 'zim-netcheck/catalog@1',
            source: { name: 'x' },
            rows: [
              { category: 'socket', url: 'https://a.zego.im', purpose: 'access', range: '1.0.0 ~ 2.0.0' },
            ],
          }),
        ),
      ],
      /--catalog .*bad\.json: invalid catalog: rows\[0\]\.url: socket takes wss:\/\/ only/,
    ],
    [
      'a missing catalog file',
      () => ['--catalog', join(dir, 'none.json')],
      /--catalog .*none\.json: file not found/,
    ],
    [
      'bad extra entries, each named',
      () => ['--extra', 'request:https://1.2.3.4,socket:wss://ok.example.com,https://x.example.com'],
      /--extra: "request:https:\/\/1\.2\.3\.4": no IP address or localhost; "https:\/\/x\.example\.com": start with a category/,
    ],
  ])('%s: exit 2, one line', (_n, args, message) => {
    for (const cmd of ['domains', 'whitelist', 'probe']) {
      const r = runCli([cmd, '--sdk', '2.13.0', ...args()])
      expect(r.status).toBe(2)
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(message)
    }
  })

  it('domains lists the app’s own domains as 你的域名 / your domains', () => {
    const r = runCli([
      'domains',
      '--sdk',
      '2.13.0',
      '--extra',
      'request:https://api.example.com',
      '--extra',
      'socket:wss://im.example.com',
    ])
    expect(r.stdout).toMatch(
      /\n你的域名 \/ your domains \(2\)\n {2}request:https:\/\/api\.example\.com\n {2}socket:wss:\/\/im\.example\.com\n/,
    )
    const json = JSON.parse(
      runCli(['domains', '--sdk', '2.13.0', '--json', '--extra', 'request:https://api.example.com']).stdout,
    )
    expect(json.extra).toEqual([{ category: 'request', url: 'https://api.example.com' }])
  })

  it('whitelist puts them in the paste-ready lists and the diff', () => {
    const extra = ['--extra', 'request:https://api.example.com,socket:wss://im.example.com']
    const doc = JSON.parse(runCli(['whitelist', '--sdk', '2.13.0', '--json', ...extra]).stdout)
    expect(doc.whitelist.request.domains.slice(-1)).toEqual(['https://api.example.com'])
    expect(doc.whitelist.socket.joined.endsWith(';wss://im.example.com')).toBe(true)
    const zimOnly = JSON.parse(runCli(['whitelist', '--sdk', '2.13.0', '--json']).stdout).whitelist
    const configured = JSON.stringify(
      Object.fromEntries(Object.entries(zimOnly).map(([k, v]) => [k, (v as { domains: string[] }).domains])),
    )
    const diff = runCli(['whitelist', '--sdk', '2.13.0', '--diff', '-', '--json', ...extra], configured)
    expect(diff.status).toBe(1)
    expect(JSON.parse(diff.stdout).diff.missing).toEqual([
      { category: 'socket', url: 'wss://im.example.com' },
      { category: 'request', url: 'https://api.example.com' },
    ])
    // Without --extra the same configured list is complete.
    expect(runCli(['whitelist', '--sdk', '2.13.0', '--diff', '-'], configured).status).toBe(0)
  })
})

describe('probe --catalog --extra (loopback)', () => {
  const hosts = ['gw.zego.test', 'api.example.test', 'im.example.test']
  let servers: TestServers
  beforeAll(async () => {
    servers = await startTestServers(hosts)
  })
  afterAll(async () => {
    await servers.close()
  })

  it('probes the imported rows and the app’s own domains; the report names the catalog', async () => {
    const cat = file(
      'tiny.json',
      JSON.stringify({
        schema: 'zim-netcheck/catalog@1',
        source: { name: 'tiny docs', date: '2026-12-01', rows: 1 },
        purposes: {},
        rows: [
          { category: 'socket', url: 'wss://gw.zego.test', purpose: '接入新网关', range: '3.0.0 及以上' },
        ],
      }),
    )
    const args = [
      'probe',
      '--sdk',
      '3.1.0',
      '--catalog',
      cat,
      '--extra',
      'request:https://api.example.test,socket:wss://im.example.test',
    ]
    args.push('--timeout', '3000', '--cacert', servers.caFile, '--json')
    for (const e of servers.connectTo(Object.fromEntries(hosts.map((h) => [h, 'ok' as const]))))
      args.push('--connect-to', `${e.host}:${e.port}:${e.connectHost}:${e.connectPort}`)
    const r = await runCliAsync(args)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const checked = validateReport(JSON.parse(r.stdout))
    if (!checked.ok) throw new Error(checked.error)
    const report = checked.report
    expect(report.catalog).toMatchObject({ builtin: false, source: 'tiny docs', rows: 1, date: '2026-12-01' })
    expect(report.results.map((x) => [x.id, x.purpose, x.status])).toEqual([
      ['socket:wss://gw.zego.test', '接入新网关', 'pass'],
      ['request:https://api.example.test', 'app', 'pass'],
      ['socket:wss://im.example.test', 'app', 'pass'],
    ])
  })
})
