import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../helpers/cli'
import { parseSeedTable, seedText } from '../helpers/seed'

const seed = parseSeedTable(seedText())

describe('netcheck domains', () => {
  it('--json prints exactly the documented shape', () => {
    const r = runCli(['domains', '--sdk', '2.12.1', '--json'])
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
    const doc = JSON.parse(r.stdout)
    expect(Object.keys(doc)).toEqual(['sdk', 'domains', 'warnings'])
    expect(doc.sdk).toEqual({ input: '2.12.1', resolved: '2.12.1' })
    for (const d of doc.domains) expect(Object.keys(d)).toEqual(['category', 'url', 'purpose', 'range'])
    expect(doc.domains).toHaveLength(6 * 3 + 6 * 2 + 6 + 11)
    expect(doc.warnings).toHaveLength(1)
    expect(doc.warnings[0]).toMatch(/access.*2\.2\.0 ~ 2\.12\.0.*2\.13\.0 及以上/)
  })

  it('all lists the 63 seed rows with their ranges as written', () => {
    const doc = JSON.parse(runCli(['domains', '--sdk', 'all', '--json']).stdout)
    expect(doc.sdk).toEqual({ input: 'all', resolved: 'all' })
    expect(doc.domains.map((d: { url: string; range: string }) => `${d.url} ${d.range}`)).toEqual(
      seed.map((r) => `${r.url} ${r.range}`),
    )
    expect(doc.warnings).toEqual([])
  })

  it('the table groups by category and sends notices to stderr', () => {
    const r = runCli(['domains', '--sdk', 'v2.13'])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/ZIM SDK 2\.13\.0 \(input "v2\.13"\): 46 domains/)
    const headers = r.stdout.split('\n').filter((l) => /合法域名/.test(l))
    expect(headers).toEqual([
      'socket 合法域名 / socket domains (16)',
      'request 合法域名 / request domains (12)',
      'uploadFile 合法域名 / uploadFile domains (12)',
      'downloadFile 合法域名 / downloadFile domains (6)',
    ])
    expect(r.stderr).toMatch(/incomplete; treated as 2\.13\.0/)
  })

  it('--lang zh prints messages in Chinese', () => {
    const r = runCli(['domains', '--sdk', 'abc', '--lang', 'zh'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/不是有效的 SDK 版本号/)
  })
})

describe('usage errors: one clear line on stderr, exit 2, no stack trace', () => {
  it.each([
    [['domains', '--sdk', 'abc'], /"abc" is not an SDK version/],
    [['domains', '--sdk', ''], /missing --sdk/],
    [['domains', '--sdk', '2.x.y'], /"2\.x\.y" is not an SDK version/],
    [['domains', '--sdk', '2.13.0.1'], /is not an SDK version/],
    [['domains', '--sdk', '>=2.0'], /is not an SDK version/],
    [['domains', '--sdk', '1.1.0'], /older than the oldest documented version 1\.2\.0/],
    [['domains'], /missing --sdk/],
    [['domains', '--sdk'], /--sdk/],
    [['domains', '--sdk', '2.13.0', '--bogus'], /unknown option --bogus/],
    [['domains', '--sdk', '2.13.0', '--lang', 'fr'], /--lang takes zh or en/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /missing command/],
    [
      ['whitelist', '--sdk', '2.13.0', '--diff', '/nonexistent/file'],
      /^zim-netcheck whitelist: --diff file "\/nonexistent\/file": file not found$/m,
    ],
  ])('%j', (args, message) => {
    const r = runCli(args)
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('netcheck whitelist', () => {
  it('prints each category one per line and ;-joined', () => {
    const r = runCli(['whitelist', '--sdk', '1.5.0'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain(
      'socket 合法域名 / socket domains:\nwss://webzim-sh2.zego.im\nwss://webzim-sh2-bak.zego.im\nwss://webzim-report.zego.im\n',
    )
    expect(r.stdout).toContain(
      ';-joined:\nwss://webzim-sh2.zego.im;wss://webzim-sh2-bak.zego.im;wss://webzim-report.zego.im\n',
    )
  })

  it('--diff reads a pasted whitelist and exits 1 when something is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zim-wl-'))
    const file = join(dir, 'wl.txt')
    writeFileSync(
      file,
      'socket合法域名\nwss://webzim-sh2.zego.im\nrequest合法域名\nhttps://webzim-detaillog.zego.im\n',
    )
    const r = runCli(['whitelist', '--sdk', '1.5.0', '--diff', file, '--json'])
    expect(r.status).toBe(1)
    const doc = JSON.parse(r.stdout)
    expect(doc.diff.missing.map((m: { url: string }) => m.url)).toEqual([
      'wss://webzim-sh2-bak.zego.im',
      'wss://webzim-report.zego.im',
      'https://cloud-setting-api.zego.im',
      'https://cloud-setting-api.zegocloud.com',
      'https://webzim-detaillog.zego.im',
    ])
    // Needed under request and uploadFile: missing from uploadFile, not "wrong category" (issue 19).
    expect(doc.diff.wrongCategory).toEqual([])
    expect(doc.diff.missing).toContainEqual({
      category: 'uploadFile',
      url: 'https://webzim-detaillog.zego.im',
      alsoListedUnder: ['request'],
    })
  })

  it('--diff - reads stdin and exits 0 when complete', () => {
    const full = JSON.parse(runCli(['whitelist', '--sdk', '2.2.0', '--json']).stdout).whitelist
    const json = JSON.stringify(
      Object.fromEntries(Object.entries(full).map(([k, v]) => [k, (v as { domains: string[] }).domains])),
    )
    const r = runCli(['whitelist', '--sdk', '2.2.0', '--diff', '-'], json)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/the whitelist has every domain ZIM needs/)
  })

  it('a malformed --diff file is a usage error', () => {
    const r = runCli(['whitelist', '--sdk', '2.2.0', '--diff', '-'], 'https://no-header.example\n')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/comes before any category header/)
  })
})

describe('--help', () => {
  it('documents every command and flag', () => {
    const r = runCli(['--help'])
    expect(r.status).toBe(0)
    for (const word of ['domains', 'whitelist', '--sdk', '--json', '--diff', '--lang'])
      expect(r.stdout).toContain(word)
  })
})
