import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { planProbes } from '../../miniprogram/core/plan'
import { validateReport } from '../../miniprogram/core/report'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { cliEnv, runCli, runCliAsync } from '../helpers/cli'
import { lagMeter } from '../helpers/lag'
import { startTestProxy, TestProxy } from '../helpers/proxy'
import { startTestServers, TestServers } from '../helpers/servers'

// The built CLI, run as a user would, behind a real CONNECT proxy on loopback. The proxy sends every ZIM host of
// the plan to the loopback `ok` server (no DNS anywhere); the credentials below must never be printed or stored.
const USER = 'netcheck-user'
const PASS = 'Pr0xy-S3cret!'
const SECRETS = [PASS, encodeURIComponent(PASS), Buffer.from(`${USER}:${PASS}`).toString('base64')]

const res = resolveDomains('2.13.0')
if (!res.ok) throw new Error('catalog')
const SOCKET_HOSTS = [...new Set(planProbes(res.entries, ['socket']).map((p) => new URL(p.url).hostname))]
const DENIED = SOCKET_HOSTS[0]

let servers: TestServers
let proxy: TestProxy
let authProxy: TestProxy
let hangProxy: TestProxy
let dir: string

beforeAll(async () => {
  servers = await startTestServers(SOCKET_HOSTS)
  const upstream = Object.fromEntries(SOCKET_HOSTS.map((h) => [h, servers.port.ok]))
  proxy = await startTestProxy({ upstream })
  authProxy = await startTestProxy({
    upstream,
    credentials: { user: USER, pass: PASS },
    rules: { [DENIED]: 'deny' },
  })
  hangProxy = await startTestProxy({ upstream, rules: { '*': 'hang' } })
  dir = mkdtempSync(join(tmpdir(), 'zim-proxy-cli-'))
})
afterAll(async () => {
  await Promise.all([proxy, authProxy, hangProxy].map((p) => p.close()))
  await servers.close()
  rmSync(dir, { recursive: true, force: true })
})
afterEach(async () => {
  await servers.waitForNoConnections()
  for (const p of [proxy, authProxy, hangProxy]) await p.waitForNoConnections()
})

const base = (...more: string[]) => [
  'probe',
  '--sdk',
  '2.13.0',
  '--only',
  'socket',
  '--timeout',
  '3000',
  '--cacert',
  servers.caFile,
  ...more,
]

function expectNoSecret(...outputs: string[]) {
  for (const out of outputs) for (const s of SECRETS) expect(out).not.toContain(s)
}

describe('probe behind a proxy (HTTPS_PROXY with credentials)', () => {
  it('JSON: the report records the proxy (no credentials); refused hosts are proxy findings, the rest pass', async () => {
    const env = cliEnv({ HTTPS_PROXY: authProxy.url({ user: USER, pass: PASS }) })
    const r = await runCliAsync(base('--json'), 60_000, env)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(1)
    expectNoSecret(r.stdout, r.stderr)
    const checked = validateReport(JSON.parse(r.stdout))
    if (!checked.ok) throw new Error(checked.error)
    const report = checked.report
    expect(report.environment.proxy).toEqual({ scheme: 'http', host: '127.0.0.1', port: authProxy.port })
    for (const row of report.results) {
      if (new URL(row.url).hostname === DENIED) {
        expect(row).toMatchObject({ status: 'fail', error: { category: 'proxy', code: 'PROXY_DENIED' } })
      } else expect(row.status).toBe('pass')
    }
    expect(report.warnings).toContain(
      `through proxy http://127.0.0.1:${authProxy.port} (from HTTPS_PROXY, with credentials)`,
    )
    // The credentials reached the proxy, decoded.
    expect(authProxy.connects.some((c) => c.answer === 200)).toBe(true)
  })

  it.each([
    [['--lang', 'zh'], `代理拒绝了到 ${DENIED} 的连接：请让 IT 放行`, `（经代理 http://127.0.0.1:`],
    [
      ['--markdown'],
      `- proxy: the proxy refused ${DENIED}: ask IT to allow it`,
      '(via proxy http://127.0.0.1:',
    ],
  ])(
    '%j: the verdict names the proxy and the finding names the host; no credentials',
    async (flags, finding, via) => {
      const env = cliEnv({ https_proxy: authProxy.url({ user: USER, pass: PASS }) })
      const r = await runCliAsync(base(...flags), 60_000, env)
      expect(r.status).toBe(1)
      expect(r.stdout).toContain(finding)
      expect(r.stdout).toContain(via)
      expectNoSecret(r.stdout, r.stderr)
    },
  )

  it('without the credentials every row is the proxy’s 407, and --out keeps the secret out of the file too', async () => {
    const out = join(dir, 'r.json')
    const r = await runCliAsync(base('--json', '--out', out), 60_000, cliEnv({ ALL_PROXY: authProxy.url() }))
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/\(via proxy http:\/\/127\.0\.0\.1:\d+\)\nreport written to/)
    const report = JSON.parse(readFileSync(out, 'utf8'))
    expect(new Set(report.results.map((x: { error?: { code?: string } }) => x.error?.code))).toEqual(
      new Set(['PROXY_AUTH']),
    )
    // The saved report renders and shares with its proxy.
    const shown = runCli(['report', out, '--text'])
    expect(shown.stdout).toContain('(via proxy http://127.0.0.1:')
    expect(shown.stdout).toMatch(/the proxy needs authentication/)
    const shared = runCli(['share', out])
    expect(shared.status).toBe(0)
    const back = runCli(['report', shared.stdout.trim(), '--json'])
    expect(JSON.parse(back.stdout).environment.proxy).toEqual(report.environment.proxy)
  })

  it('with the credentials in a bad --proxy, the usage error never shows them', () => {
    for (const bad of [`socks5://${USER}:${PASS}@127.0.0.1:1080`, `http://${USER}:${PASS}@[bad`]) {
      const r = runCli(base('--proxy', bad))
      expect(r.status).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(/^zim-netcheck probe: --proxy "/)
      expectNoSecret(r.stderr, r.stdout)
    }
    const env = runCli(base(), undefined, 60_000, cliEnv({ HTTPS_PROXY: 'ftp://x:1' }))
    expect(env.status).toBe(2)
    expect(env.stderr).toMatch(/HTTPS_PROXY "ftp:\/\/x:1": unsupported proxy scheme/)
  })
})

describe('precedence and routing, as curl', () => {
  const mapToOk = () => servers.connectTo(Object.fromEntries(SOCKET_HOSTS.map((h) => [h, 'ok' as const])))
  const connectToArgs = () =>
    mapToOk().flatMap((e) => ['--connect-to', `${e.host}:${e.port}:${e.connectHost}:${e.connectPort}`])

  it('--proxy wins over HTTPS_PROXY; --proxy "" goes direct whatever the environment says', async () => {
    const dead = cliEnv({ HTTPS_PROXY: `http://127.0.0.1:${servers.port.closedPort}` })
    const before = proxy.connects.length
    const viaFlag = await runCliAsync(base('--json', '--proxy', proxy.url()), 60_000, dead)
    expect(viaFlag.status).toBe(0)
    const rows = JSON.parse(viaFlag.stdout).results.length
    expect(rows).toBeGreaterThan(0)
    expect(proxy.connects.length - before).toBe(rows)
    const direct = await runCliAsync(base('--proxy', '', ...connectToArgs()), 60_000, dead)
    expect(direct.status).toBe(0)
    expect(direct.stdout).not.toContain('via proxy')
  })

  it('NO_PROXY sends hosts around the proxy; --noproxy "" overrides it; --connect-to then names the CONNECT target', async () => {
    const env = cliEnv({ HTTPS_PROXY: proxy.url(), NO_PROXY: '*' })
    const before = proxy.connects.length
    const bypass = await runCliAsync(base('--json', ...connectToArgs()), 60_000, env)
    expect(bypass.status).toBe(0)
    expect(proxy.connects.length).toBe(before)
    const report = JSON.parse(bypass.stdout)
    expect(report.environment.proxy).toBeUndefined()
    expect(report.warnings.join('\n')).toMatch(/not through the proxy \(NO_PROXY\): /)
    const through = await runCliAsync(base('--noproxy', '', ...connectToArgs()), 60_000, env)
    expect(through.status).toBe(0)
    const targets = new Set(proxy.connects.slice(before).map((c) => c.target))
    expect(targets).toEqual(new Set([`127.0.0.1:${servers.port.ok}`]))
  })

  it('--resolve gives the proxy’s own name its address (no lookup)', async () => {
    const name = 'corp-proxy.example'
    const r = await runCliAsync(
      base('--proxy', `http://${name}:${proxy.port}`, '--resolve', `${name}:${proxy.port}:127.0.0.1`),
      60_000,
    )
    expect(r.status).toBe(0)
    expect(r.stdout).toContain(`(via proxy http://${name}:${proxy.port})`)
  })

  it('a proxy that never answers: every row is the proxy’s timeout, within the deadline', async () => {
    const t0 = Date.now()
    const lag = lagMeter()
    const r = await runCliAsync(
      [
        'probe',
        '--sdk',
        '2.13.0',
        '--only',
        'socket,request',
        '--timeout',
        '800',
        '--json',
        '--proxy',
        hangProxy.url(),
      ],
      60_000,
    )
    // Net of what the machine took from this process meanwhile (test/helpers/lag.ts): a busy machine slows the CLI's
    // start too, which is no fault of the proxy handling measured here.
    const elapsed = Date.now() - t0 - lag.stop()
    expect(r.status).toBe(1)
    const report = JSON.parse(r.stdout)
    const codes = new Set(report.results.map((x: { error?: { code?: string } }) => x.error?.code))
    expect(codes).toEqual(new Set(['PROXY_TIMEOUT']))
    // 26 probes in pools of 5 and 10: a few waves of 800 ms, never one timeout per probe.
    expect(elapsed).toBeLessThan(800 * 6 + 3000)
  })
})
