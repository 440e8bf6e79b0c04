import { ProbeEngine } from '../../miniprogram/core/engine'
import { planProbes } from '../../miniprogram/core/plan'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { validateReport } from '../../miniprogram/core/report'
import { createNodeAdapter } from '../../node/adapter'
import { lagMeter } from '../helpers/lag'
import { runCli, runCliAsync } from '../helpers/cli'
import { ServerKind, startTestServers, TestServers } from '../helpers/servers'

const res = resolveDomains('2.13.0')
if (!res.ok) throw new Error('catalog')
const plan = planProbes(res.entries)
const hosts = [...new Set(plan.map((p) => new URL(p.url).hostname))]

// Each real ZIM host name is sent to one loopback server kind; the expectations follow the taxonomy.
const KIND_OF: Record<string, ServerKind> = {}
const EXPECT: Record<ServerKind, { status: string; category?: string }> = {
  ok: { status: 'pass' },
  upgrade404: { status: 'pass' },
  status500: { status: 'pass' },
  closedPort: { status: 'fail', category: 'refused' },
  hang: { status: 'fail', category: 'timeout' },
  reset: { status: 'fail', category: 'refused' },
  selfSigned: { status: 'fail', category: 'tls' },
  wrongHost: { status: 'fail', category: 'tls' },
  expired: { status: 'fail', category: 'tls' },
}
const kinds = Object.keys(EXPECT) as ServerKind[]
hosts.forEach((h, i) => (KIND_OF[h] = kinds[i % kinds.length]))

let servers: TestServers
beforeAll(async () => {
  servers = await startTestServers(hosts)
})
afterAll(async () => {
  await servers.close()
})

describe('the full engine over real loopback servers', () => {
  it('every case gets the right status and category; a hung server costs no more than the timeout', async () => {
    const timeoutMs = 1500
    const adapter = createNodeAdapter({ connectTo: servers.connectTo(KIND_OF), ca: servers.caPem })
    const engine = new ProbeEngine(plan, adapter, { timeoutMs }, { enforced: false, reasons: ['not_wechat'] })
    const t0 = Date.now()
    const lag = lagMeter()
    const results = await engine.start()
    const lagMs = lag.stop()
    const elapsed = Date.now() - t0 - lagMs
    expect(results).toHaveLength(46)
    for (const r of results) {
      const kind = KIND_OF[new URL(r.url).hostname]
      const want = EXPECT[kind]
      // Outside WeChat passes carry the not-enforced caveat: warn, never a silent pass.
      const wantStatus = want.status === 'pass' ? 'warn' : want.status
      expect({ url: r.url, kind, status: r.status, category: r.error?.category }).toEqual({
        url: r.url,
        kind,
        status: wantStatus,
        // A WebSocket upgrade answered with 404 or 500 is reached, with the http caveat.
        category:
          want.category ??
          ((kind === 'upgrade404' || kind === 'status500') && r.category === 'socket' ? 'http' : undefined),
      })
      // Net of what the machine took from this process meanwhile (test/helpers/lag.ts), as the run's bound below.
      if (kind === 'hang') expect(r.timing?.totalMs).toBeLessThan(timeoutMs + 100 + lagMs)
      if (kind === 'upgrade404') expect(r.statusCode).toBe(404)
      if (kind === 'status500') expect(r.statusCode).toBe(500)
    }
    // Hung probes run in parallel pools: the whole run is a few timeouts at most, not one per hung probe.
    const hung = results.filter((r) => KIND_OF[new URL(r.url).hostname] === 'hang').length
    expect(hung).toBeGreaterThan(2)
    expect(elapsed).toBeLessThan(timeoutMs * 3)
    for (let i = 0; i < 100 && servers.openConnections() > 0; i++) await new Promise((r) => setTimeout(r, 10))
    expect(servers.openConnections()).toBe(0)
  })
})

describe('netcheck probe (the CLI) over real loopback servers', () => {
  it('--connect-to and --cacert map the real host names; --json is a valid report; exit 1 on failures', async () => {
    const args = [
      'probe',
      '--sdk',
      '2.13.0',
      '--only',
      'socket',
      '--timeout',
      '1500',
      '--json',
      '--cacert',
      servers.caFile,
    ]
    for (const e of servers.connectTo(KIND_OF))
      args.push('--connect-to', `${e.host}:${e.port}:${e.connectHost}:${e.connectPort}`)
    const r = await runCliAsync(args)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(1)
    const checked = validateReport(JSON.parse(r.stdout))
    if (!checked.ok) throw new Error(checked.error)
    const report = checked.report
    expect(report.results).toHaveLength(16)
    expect(report.environment).toMatchObject({
      runtime: 'node',
      whitelist: { enforced: false, reasons: ['not_wechat'] },
    })
    for (const result of report.results) {
      const kind = KIND_OF[new URL(result.url).hostname]
      expect(result.status === 'fail').toBe(EXPECT[kind].status === 'fail')
      if (EXPECT[kind].category) expect(result.error?.category).toBe(EXPECT[kind].category)
    }
  })

  it('--resolve works for WebSocket probes too, and a healthy run exits 0', async () => {
    const healthy = Object.fromEntries(hosts.map((h) => [h, 'ok' as ServerKind]))
    const { connectTo, resolve } = servers.resolveFor(healthy)
    const args = [
      'probe',
      '--sdk',
      '2.13.0',
      '--only',
      'socket,downloadFile',
      '--timeout',
      '2000',
      '--cacert',
      servers.caFile,
      '--markdown',
    ]
    for (const e of connectTo) args.push('--connect-to', `${e.host}:${e.port}::${e.connectPort}`)
    for (const e of resolve) args.push('--resolve', `${e.host}:${e.port}:${e.address}`)
    const r = await runCliAsync(args)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('# ZIM netcheck — SDK 2.13.0')
    expect(r.stdout).toContain('none of 22 failed')
  })

  it.each([
    [['probe', '--sdk', '2.13.0', '--resolve', 'bad'], /--resolve "bad": expected/],
    [['probe', '--sdk', '2.13.0', '--connect-to', 'a:b'], /--connect-to "a:b": expected/],
    [
      ['probe', '--sdk', '2.13.0', '--cacert', '/nonexistent.pem'],
      /--cacert \/nonexistent\.pem: file not found$/m,
    ],
    [['probe', '--sdk', '2.13.0', '--out', ''], /--out needs a file name/],
    [
      ['probe', '--sdk', '2.13.0', '--out', '/nonexistent-dir/r.md'],
      /--out \/nonexistent-dir\/r\.md: directory \/nonexistent-dir does not exist/,
    ],
    [['probe', '--sdk', '2.13.0', '--out', '/tmp'], /--out \/tmp: is a directory/],
    [['probe', '--sdk', '2.13.0', '--only', 'sockets'], /unknown category "sockets"/],
    [['probe', '--sdk', '2.13.0', '--timeout', 'soon'], /--timeout takes a whole number/],
    [['probe', '--sdk', '2.13.0', '--concurrency-socket', '9'], /between 1 and 5/],
    [['probe', '--sdk', '2.13.0', '--json', '--markdown'], /cannot be used together/],
    [['probe', '--sdk', 'nope'], /is not an SDK version/],
  ])('usage error %j: one line, exit 2', (args, message) => {
    const r = runCli(args)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    // The bad value is named once.
    const value = args[args.length - 1]
    if (value.length > 3) expect(r.stderr.split(value).length - 1).toBe(1)
  })
})
