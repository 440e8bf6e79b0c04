import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, Server, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, cliEnv, runCli, runCliAsync } from '../helpers/cli'
import { main } from '../../node/cli'
import type { Io } from '../../node/io'

// Issue 30: a CLI that behaves like curl, gh and npm. One describe per numbered item.

const ROOT = join(__dirname, '..', '..')
let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zim-i30-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string, text: string | Buffer) => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

/** A loopback server that accepts and never answers: every probe of a run waits on it. */
async function silentServer(): Promise<{ server: Server; port: number; connected: Promise<void> }> {
  const sockets: Socket[] = []
  let onConnect!: () => void
  const connected = new Promise<void>((r) => (onConnect = r))
  const server = createServer((s) => {
    sockets.push(s)
    s.on('error', () => {})
    onConnect()
  })
  server.on('close', () => sockets.forEach((s) => s.destroy()))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const close = server.close.bind(server)
  server.close = ((cb?: (err?: Error) => void) => {
    sockets.forEach((s) => s.destroy())
    return close(cb)
  }) as Server['close']
  return { server, port: (server.address() as { port: number }).port, connected }
}

/** A saved report with every probe refused at loopback (no network), made once by the CLI itself. */
function refusedReport(): string {
  const r = runCli([
    'probe',
    '--sdk',
    '2.13.0',
    '--only',
    'request',
    '--timeout',
    '2000',
    '--resolve',
    '*:443:127.0.0.1',
    '--connect-to',
    '::127.0.0.1:1',
    '--json',
  ])
  expect(r.status).toBe(1)
  return r.stdout
}

describe('1. a checkout without npm ci', () => {
  it('no build/: one line saying to run npm ci, no stack trace', () => {
    const copy = join(dir, 'checkout')
    mkdirSync(join(copy, 'bin'), { recursive: true })
    cpSync(BIN, join(copy, 'bin', 'zim-netcheck.js'))
    const r = spawnSync(
      process.execPath,
      [join(copy, 'bin', 'zim-netcheck.js'), 'domains', '--sdk', 'latest'],
      {
        encoding: 'utf8',
        cwd: copy,
      },
    )
    expect(r.stderr).toMatch(/^zim-netcheck: the CLI is not built .*: run `npm ci` first/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).not.toMatch(/MODULE_NOT_FOUND|\n\s+at /)
    expect(r.status).toBe(3)
  })

  it('build/ but no node_modules: the bundled CLI needs none (ws inside), even for a WebSocket probe', () => {
    const copy = join(dir, 'built')
    mkdirSync(copy, { recursive: true })
    cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true })
    cpSync(join(ROOT, 'build', 'cli'), join(copy, 'build', 'cli'), { recursive: true })
    // Nothing listens on 127.0.0.1:1: every probe is refused at once and nothing leaves the machine.
    const args = ['probe', '--sdk', '2.13.0', '--only', 'socket', '--connect-to', '::127.0.0.1:1', '--json']
    const r = spawnSync(process.execPath, [join(copy, 'bin', 'zim-netcheck.js'), ...args], {
      encoding: 'utf8',
      cwd: copy,
      env: cliEnv(),
    })
    expect(r.stderr).not.toMatch(/MODULE_NOT_FOUND|Cannot find module|\n\s+at /)
    const report = JSON.parse(r.stdout)
    expect(report.results.length).toBeGreaterThan(0)
    expect(report.results.every((x: { category: string }) => x.category === 'socket')).toBe(true)
    expect(report.summary.fail).toBe(report.results.length)
    expect(r.status).toBe(1)
  })
})

describe('2. probe ends with the causes and what to do', () => {
  let report: string
  beforeAll(() => {
    report = refusedReport()
  })

  it('the table and --markdown give the cause, its hint and --proxy', () => {
    const path = file('refused.json', report)
    const table = runCli(['report', path]).stdout
    expect(table).toContain('Likely causes:')
    expect(table).toContain('every probe fails (12 of 12): refused')
    expect(table).toContain('→ The connection was refused, reset or closed')
    expect(table).toContain('--proxy http://host:port')
    const md = runCli([
      'probe',
      '--sdk',
      '2.13.0',
      '--only',
      'request',
      '--timeout',
      '2000',
      '--resolve',
      '*:443:127.0.0.1',
      '--connect-to',
      '::127.0.0.1:1',
      '--markdown',
    ])
    expect(md.stdout).toContain('## Likely causes')
    expect(md.stdout).toContain('--proxy http://host:port')
    const zh = runCli(['--lang', 'zh', 'report', path]).stdout
    expect(zh).toContain('原因汇总')
  })

  it('TLS failures suggest --cacert', () => {
    const data = JSON.parse(report)
    for (const r of data.results)
      r.error = { category: 'tls', errMsg: 'self signed certificate in certificate chain' }
    const out = runCli(['report', file('tls.json', JSON.stringify(data))]).stdout
    expect(out).toContain('--cacert <its-ca.pem>')
    expect(out).not.toContain('--proxy http://host:port')
  })
})

describe('3. a reader that goes away (EPIPE)', () => {
  it('classify - whose stdout is closed before it writes: exit 0, nothing on stderr', async () => {
    const child = spawn(process.execPath, [BIN, 'classify', '-'], { env: cliEnv() })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.stdout.destroy()
    // stdin ends after the read end is closed: every write of the child meets a closed pipe.
    child.stdin.end('timeout\n'.repeat(20000))
    const status = await new Promise((r) => child.on('close', r))
    expect(stderr).toBe('')
    expect(status).toBe(0)
  })
})

describe('4. whitelist --diff reads only domains', () => {
  it('its own output round-trips, with and without the title', () => {
    const own = runCli(['whitelist', '--sdk', 'latest']).stdout
    for (const text of [own, own.split('\n').slice(1).join('\n')]) {
      const r = runCli(['whitelist', '--sdk', 'latest', '--diff', '-'], text)
      expect(r.stdout).toContain('the whitelist has every domain ZIM needs')
      expect(r.stdout).not.toMatch(/extra|duplicate/)
      expect(r.status).toBe(0)
    }
  })

  it.each([
    [
      'https//accesshub-wss.coolbcloud.com',
      /line 2: "https\/\/accesshub-wss\.coolbcloud\.com" is not a domain \(did you mean https:\/\//,
    ],
    ['TODO add the rest', /line 2: "TODO" is not a domain; write comments after #/],
  ])('%s is named as not a domain', (line, message) => {
    const r = runCli(['whitelist', '--sdk', 'latest', '--diff', '-'], `request合法域名\n${line}\n`)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
  })

  it('a GBK file gets an encoding message', () => {
    // "request合法域名\n# 中文\nhttps://a.example.com" in GBK.
    const gbk = Buffer.concat([
      Buffer.from('request'),
      Buffer.from([0xba, 0xcf, 0xb7, 0xa8, 0xd3, 0xf2, 0xc3, 0xfb]),
      Buffer.from('\n# '),
      Buffer.from([0xd6, 0xd0, 0xce, 0xc4]),
      Buffer.from('\nhttps://a.example.com\n'),
    ])
    const r = runCli(['whitelist', '--sdk', 'latest', '--diff', file('gbk.txt', gbk)])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/not UTF-8 text \(saved as GBK/)
  })
})

describe('5. --out - is stdout', () => {
  it('probe, catalog import and view write to stdout', () => {
    const probe = runCli(
      [
        'probe',
        '--sdk',
        '2.13.0',
        '--only',
        'request',
        '--timeout',
        '2000',
        '--resolve',
        '*:443:127.0.0.1',
        '--connect-to',
        '::127.0.0.1:1',
        '--json',
        '--out',
        '-',
      ],
      undefined,
      60_000,
      { ...cliEnv(), PWD: dir },
    )
    expect(JSON.parse(probe.stdout).schema).toBe('zim-netcheck/report@1')
    const seed = join(ROOT, 'test', 'fixtures', 'seed')
    const page = 'zim-miniprogram-server-domains.md'
    const cat = runCli(['catalog', 'import', join(seed, page), '--out', '-'])
    expect(cat.status).toBe(0)
    expect(JSON.parse(cat.stdout).schema).toMatch(/catalog@1/)
    const view = spawnSync(process.execPath, [BIN, 'view', file('r5.json', probe.stdout), '--out', '-'], {
      cwd: dir,
      encoding: 'utf8',
    })
    expect(view.status).toBe(0)
    expect(view.stdout).toMatch(/^<!doctype html>/i)
    expect(existsSync(join(dir, '-'))).toBe(false)
  })
})

describe('6. options as gh and npm take them', () => {
  it('--version and -V', () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version
    for (const flag of ['--version', '-V']) expect(runCli([flag]).stdout).toBe(`zim-netcheck ${version}\n`)
  })
  it('--lang before the command', () => {
    const r = runCli(['--lang', 'zh', 'domains', '--sdk', '2.13'])
    expect(r.status).toBe(0)
    expect(r.stderr).toContain('版本号 "2.13" 不完整')
  })
  it('--lang given twice, before the command or before and after it, is refused as any option given twice', () => {
    for (const args of [
      ['--lang', 'zh', '--lang', 'en', 'domains', '--sdk', '2.13.0'],
      ['--lang=zh', 'domains', '--sdk', '2.13.0', '--lang', 'en'],
    ]) {
      const r = runCli(args)
      expect(r.status).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(/--lang given twice; give it once/)
    }
    const bare = runCli(['--lang'])
    expect(bare.status).toBe(2)
    expect(bare.stderr).toBe('zim-netcheck: --lang takes zh or en; give one, e.g. --lang zh (see --help)\n')
    // After a lone `--`, "--lang" is a message, not the option: the language before the command still holds.
    expect(JSON.parse(runCli(['--lang', 'zh', 'classify', '--', '--lang']).stdout).hint).toMatch(
      /[\u4e00-\u9fff]/,
    )
  })
  it('<command> --help prints that command only', () => {
    const r = runCli(['probe', '--help'])
    expect(r.stdout).toMatch(/^Usage: zim-netcheck probe/)
    expect(r.stdout).toContain('--concurrency-http')
    expect(r.stdout).not.toContain('catalog import <docs page')
  })
  it('help about a command that does not exist is an unknown command (as git and gh), not the whole page', () => {
    for (const args of [
      ['help', 'dmains'],
      ['--help', 'dmains'],
    ]) {
      const r = runCli(args)
      expect(r.status).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(/^zim-netcheck: unknown command "dmains" \(did you mean domains\?\)/)
    }
    expect(runCli(['help', 'whitelist']).stdout).toMatch(/^Usage: zim-netcheck whitelist/)
    expect(runCli(['help', 'help']).stdout).toMatch(/^zim-netcheck — /)
  })
  it('--lang as locales write it: zh-CN, zh_CN.UTF-8, EN-us; anything else is refused', () => {
    for (const lang of ['zh-CN', 'zh_CN.UTF-8', 'ZH'])
      expect(runCli(['--lang', lang, 'domains', '--sdk', '2.13'])).toMatchObject({
        status: 0,
        stderr: expect.stringContaining('版本号 "2.13" 不完整'),
      })
    expect(runCli(['domains', '--sdk', '2.13', '--lang', 'EN-us']).stderr).toContain(
      'version "2.13" is incomplete',
    )
    expect(runCli(['domains', '--sdk', '2.13.0', '--lang', 'zhx']).stderr).toContain('--lang takes zh or en')
  })
  it('an unknown option: did you mean, see --help', () => {
    const r = runCli(['probe', '--sdk', '2.13.0', '--jsno'])
    expect(r.status).toBe(2)
    expect(r.stderr).toBe(
      'zim-netcheck probe: unknown option --jsno (did you mean --json?) (see zim-netcheck probe --help)\n',
    )
  })
  it('--platform Alipay, classify --json', () => {
    expect(runCli(['whitelist', '--sdk', 'latest', '--platform', 'Alipay']).status).toBe(0)
    const c = runCli(['classify', '--json', 'request:fail timeout'])
    expect(c.status).toBe(0)
    expect(JSON.parse(c.stdout).category).toBe('timeout')
  })
  it('--only twice is merged; another option twice is refused', () => {
    const r = runCli([
      'probe',
      '--sdk',
      '2.13.0',
      '--only',
      'request',
      '--only',
      'downloadFile',
      '--timeout',
      '2000',
      '--resolve',
      '*:443:127.0.0.1',
      '--connect-to',
      '::127.0.0.1:1',
      '--json',
    ])
    const cats = new Set(JSON.parse(r.stdout).results.map((x: { category: string }) => x.category))
    expect([...cats].sort()).toEqual(['downloadFile', 'request'])
    const twice = runCli(['domains', '--sdk', '2.13.0', '--sdk', '2.12.0'])
    expect(twice.status).toBe(2)
    expect(twice.stderr).toMatch(/--sdk given twice/)
  })
})

describe('7. Ctrl-C', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s: exits %i and still writes the partial report', async (signal, code) => {
    const { server, port, connected } = await silentServer()
    try {
      const out = join(dir, 'partial.json')
      const child = spawn(
        process.execPath,
        [
          BIN,
          'probe',
          '--sdk',
          '2.13.0',
          '--only',
          'request',
          '--timeout',
          '60000',
          '--resolve',
          '*:443:127.0.0.1',
          '--connect-to',
          `::127.0.0.1:${port}`,
          '--json',
          '--out',
          out,
        ],
        { env: cliEnv(), stdio: 'ignore' },
      )
      await connected
      child.kill(signal)
      const status = await new Promise((r) => child.on('close', r))
      expect(status).toBe(code)
      const report = JSON.parse(readFileSync(out, 'utf8'))
      expect(report.results.length).toBe(12)
      expect(report.results.every((r: { status: string }) => r.status !== 'pass')).toBe(true)
    } finally {
      server.close()
    }
  })
})

describe('8. progress on stderr when stderr is a terminal', () => {
  it('shows with stdout not a terminal and --out', async () => {
    const progress: string[] = []
    const io: Io = {
      out: () => {},
      err: () => {},
      progress: (t) => progress.push(t),
      isTTY: false,
      errIsTTY: true,
      env: {},
      readStdin: async () => '',
      stdinLines: async () => {},
    }
    const out = join(dir, 'p8.json')
    const args = [
      'probe',
      '--sdk',
      '2.13.0',
      '--only',
      'request',
      '--timeout',
      '2000',
      '--resolve',
      '*:443:127.0.0.1',
      '--connect-to',
      '::127.0.0.1:1',
      '--json',
      '--out',
      out,
    ]
    expect(await main(args, io)).toBe(1)
    expect(progress.some((p) => p.includes('12/12'))).toBe(true)
  })
})

describe('9. report names the file and the problem; partial counts said', () => {
  it.each([
    ['arr.json', '[1, 2]', /file ".*arr\.json": not a readable netcheck report: a JSON list/],
    ['hello.txt', 'hello', /file ".*hello\.txt": not recognised/],
    [
      'deep.json',
      '['.repeat(5000) + ']'.repeat(5000),
      /file ".*deep\.json": JSON nested deeper than 32 levels/,
    ],
  ])('%s', (name, text, message) => {
    const r = runCli(['report', file(name, text)])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
  })

  it('a card trimmed by --max-bytes says its counts are partial', () => {
    const data = JSON.parse(refusedReport())
    data.results[0].status = 'pass'
    delete data.results[0].error
    data.summary.pass = 1
    data.summary.fail = 11
    const path = file('mixed.json', JSON.stringify(data))
    const link = runCli(['share', path, '--max-bytes', '200']).stdout.trim()
    const r = runCli(['report', link])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/: 12 probes \(partial: the card holds \d+ of the run's 12 results/)
    expect(r.stdout).toMatch(/11 of 12 failed/)
  })
})

describe('10. limits', () => {
  it('a 150k-line --diff file is refused early with a message', () => {
    const big =
      'request合法域名\n' + Array.from({ length: 150_000 }, (_, i) => `https://h${i}.example.com`).join('\n')
    const r = runCli(['whitelist', '--sdk', 'latest', '--diff', file('big.txt', big)])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/too large \(.* MiB; a whitelist is at most 1\.0 MiB\)/)
  })
  it('share on a report with a 5 MB message is refused before parsing', () => {
    const data = JSON.parse(refusedReport())
    data.results[0].error.errMsg = 'x'.repeat(5 * 1024 * 1024)
    const r = runCli(['share', file('huge.json', JSON.stringify(data))])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/too large \(5\.0 MiB; a report is at most 4\.0 MiB\)/)
  })
})

describe('11. --out never overwrites an input', () => {
  it('catalog import same.md --out same.md, probe --catalog c.json --out c.json', () => {
    const seed = join(ROOT, 'test', 'fixtures', 'seed')
    const page = 'zim-miniprogram-server-domains.md'
    const same = file('same' + page.slice(page.lastIndexOf('.')), readFileSync(join(seed, page)))
    const before = readFileSync(same, 'utf8')
    const r = runCli(['catalog', 'import', same, '--out', same])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/is also an input/)
    expect(readFileSync(same, 'utf8')).toBe(before)
    const c = file('c.json', runCli(['catalog', 'import', same]).stdout)
    const p = runCli(['probe', '--sdk', '2.13.0', '--catalog', c, '--out', c])
    expect(p.status).toBe(2)
    expect(p.stderr).toMatch(/--out .*c\.json: is also an input/)
  })
})

describe('12. view', () => {
  it('no input does not overwrite an existing viewer; a folder with a non-report file; the same report twice', () => {
    const cwd = join(dir, 'v12')
    mkdirSync(cwd)
    writeFileSync(join(cwd, 'zim-netcheck-viewer.html'), 'mine')
    const none = spawnSync(process.execPath, [BIN, 'view'], { cwd, encoding: 'utf8' })
    expect(none.status).toBe(2)
    expect(readFileSync(join(cwd, 'zim-netcheck-viewer.html'), 'utf8')).toBe('mine')
    const folder = join(cwd, 'reports')
    mkdirSync(folder)
    const report = refusedReport()
    writeFileSync(join(folder, 'a.json'), report)
    writeFileSync(join(folder, 'notes.txt'), 'call the customer back')
    const r = spawnSync(process.execPath, [BIN, 'view', folder, join(folder, 'a.json'), '--out', 'v.html'], {
      cwd,
      encoding: 'utf8',
    })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('1 report(s) embedded')
    expect(r.stderr).toMatch(/notes\.txt.* left out/)
    expect(r.stderr).toMatch(/the same report as an earlier input/)
  })
})

describe('13. smaller', () => {
  it('the table has the proxy notes; v2.13.0 gives a notice; no doubled words; a real --date; one whitelist note in --text', () => {
    const env = cliEnv({ HTTPS_PROXY: 'http://127.0.0.1:1' })
    const t = runCliAsync(
      ['probe', '--sdk', 'v2.13.0', '--only', 'request', '--timeout', '2000'],
      60_000,
      env,
    )
    return t.then((r) => {
      expect(r.stdout).toContain('note: through proxy http://127.0.0.1:1 (from HTTPS_PROXY)')
      expect(r.stdout).toContain('note: version "v2.13.0" is read as 2.13.0')
      expect(runCli(['domains', '--sdk', 'v2.13.0']).stderr).toContain('is read as 2.13.0')
      const gap = runCli(['domains', '--sdk', '2.12.1']).stderr
      expect(gap).not.toMatch(/\(access\) \(access\)|\) \(access\)/)
      const timeout = JSON.parse(refusedReport())
      timeout.results[0].error = { category: 'timeout', errMsg: 'timeout: no answer within 1 ms' }
      const path = file('t13.json', JSON.stringify(timeout))
      expect(runCli(['report', path]).stdout).not.toContain('timeout: timeout:')
      const text = runCli(['report', path, '--text']).stdout
      expect(text.split('the whitelist is not enforced').length - 1).toBe(1)
      const seed = join(ROOT, 'test', 'fixtures', 'seed')
      const page = 'zim-miniprogram-server-domains.md'
      const d = runCli(['catalog', 'import', join(seed, page), '--date', '2026-13-45'])
      expect(d.status).toBe(2)
    })
  })
})
