import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ProbeEngine } from '../miniprogram/core/engine'
import { planProbes } from '../miniprogram/core/plan'
import { resolveDomains } from '../miniprogram/core/resolver'
import { createNodeAdapter } from '../node/adapter'
import {
  MisbehavingServers,
  startMisbehavingServers,
  startTestServers,
  TestServers,
} from '../test/helpers/servers'
import type { ConnectToEntry } from '../node/routing'
import { figure, median } from './figures'

const DELAY_MS = 400
const CURL_DELAY_MS = 200
const POOLS = { http: 10, socket: 5 }
/** Pairs against curl: its ratio sits near its target, where 5 pairs moved the median by ±3 % from run to run. */
const CURL_PAIRS = 9
const res = resolveDomains('2.13.0')
if (!res.ok) throw new Error('catalog')
const plan = planProbes(res.entries)
const hosts = [...new Set(plan.map((p) => new URL(p.url).hostname))]
const http = plan.filter((p) => p.category !== 'socket').length
const bound =
  Math.max(Math.ceil(http / POOLS.http), Math.ceil((plan.length - http) / POOLS.socket)) * DELAY_MS

let misbehaving: MisbehavingServers | undefined
let servers: TestServers | undefined
const dir = mkdtempSync(join(tmpdir(), 'zim-bench-'))
afterAll(async () => {
  await misbehaving?.close()
  await servers?.close()
  rmSync(dir, { recursive: true, force: true })
})

test('a full run against servers that never answer the WebSocket close frame', async () => {
  misbehaving = await startMisbehavingServers(hosts, { delayMs: DELAY_MS })
  const map = Object.fromEntries(hosts.map((h) => [h, 'closeUnanswered' as const]))
  const adapter = createNodeAdapter({ connectTo: misbehaving.connectTo(map), ca: misbehaving.caPem })
  await new ProbeEngine(plan.slice(0, 2), adapter, { timeoutMs: 5000 }).start()
  const t0 = performance.now()
  const results = await new ProbeEngine(plan, adapter, { timeoutMs: 5000, concurrency: POOLS }).start()
  const elapsed = performance.now() - t0
  if (results.some((r) => r.status !== 'pass')) throw new Error('a probe did not pass')
  figure(
    'close_unanswered_ratio',
    elapsed / bound,
    { max: 1.5 },
    `${Math.round(elapsed)} ms vs per-wave bound ${bound} ms; the close handshake runs outside the pool`,
  )
})

/** Wall time of one whole process; rejects unless every probe it made was answered. */
function timed(cmd: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, cmd, { stdio: ['ignore', 'pipe', 'pipe'], env })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => {
      const ms = performance.now() - t0
      const out = JSON.parse(stdout || '{}')
      const ok = out.summary
        ? out.summary.fail + out.summary.skipped === 0
        : [...(out.http ?? []), ...(out.socket ?? [])].length === plan.length &&
          [...out.http, ...out.socket].every((s: number) => s > 0)
      if (code !== 0 || !ok) reject(new Error(`${cmd[0]}: exit ${code}, not all answered ${stderr}`))
      else resolve(ms)
    })
  })
}

test('a whole `probe` process vs a plain Node pool with the same caps doing the same work', async () => {
  servers = await startTestServers(hosts, { delayMs: DELAY_MS })
  const s = servers
  const map = Object.fromEntries(hosts.map((h) => [h, 'ok' as const]))
  const connectTo = s.connectTo(map)
  const cli = [join(__dirname, '../bin/zim-netcheck.js'), 'probe', '--sdk', '2.13.0', '--json', '--exit-zero']
  cli.push('--timeout', '5000', '--cacert', s.caFile)
  for (const e of connectTo) cli.push('--connect-to', `${e.host}:443:${e.connectHost}:${e.connectPort}`)
  const work = join(dir, 'work.json')
  const port = (url: string) => connectTo.find((e) => e.host === new URL(url).hostname)?.connectPort
  writeFileSync(
    work,
    JSON.stringify({
      caFile: s.caFile,
      probes: plan.map((p) => ({ category: p.category, url: p.url, connectPort: port(p.url) })),
    }),
  )
  const plain = [join(__dirname, 'plain-pool.js'), work]
  await timed(cli)
  await timed(plain)
  const ratios: number[] = []
  const ours: number[] = []
  const theirs: number[] = []
  for (let i = 0; i < 5; i++) {
    ours.push(await timed(cli))
    theirs.push(await timed(plain))
    ratios.push(ours[i] / theirs[i])
  }
  figure(
    'probe_process_ratio',
    median(ratios),
    { max: 1.0 },
    `median of 5 pairs: probe ${Math.round(median(ours))} ms vs plain pool ${Math.round(median(theirs))} ms (46 probes, ${DELAY_MS} ms per connection)`,
  )
})

/** curl's path, where the machine has curl: one whole curl process doing the same HTTP probes in parallel. */
function curlArgs(s: TestServers, connectTo: ConnectToEntry[]) {
  const upload = join(dir, 'a.txt')
  writeFileSync(upload, 'x')
  const lines: string[] = []
  for (const p of plan.filter((q) => q.category !== 'socket')) {
    const host = new URL(p.url).hostname
    const e = connectTo.find((c) => c.host === host)
    if (!e) throw new Error(`no route for ${host}`)
    if (lines.length) lines.push('next')
    lines.push(`url = "${p.url}"`, `connect-to = "${host}:443:${e.connectHost}:${e.connectPort}"`)
    lines.push(`cacert = "${s.caFile}"`, 'output = "/dev/null"', 'silent', 'write-out = "%{http_code}\\n"')
    // One connection per probe, as ours (and WeChat's) are: curl would otherwise reuse a host's connection.
    lines.push('max-time = 5', 'http1.1', 'header = "Connection: close"')
    if (p.category === 'request') lines.push('head')
    if (p.category === 'uploadFile') lines.push(`form = "file=@${upload}"`)
  }
  const config = join(dir, 'curl.cfg')
  writeFileSync(config, lines.join('\n') + '\n')
  return ['--parallel', '--parallel-immediate', '--parallel-max', String(POOLS.http), '-K', config]
}

/** Wall time of a process that only starts and ends (`node -e 0`, `curl --version`); rejects unless it exits 0. */
function timedStart(exe: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'ignore'] })
    child.stdout.resume()
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${exe} ${args.join(' ')}: exit ${code}`))
      else resolve(performance.now() - t0)
    })
  })
}

/** Wall time of one whole process (any executable); rejects unless every line it printed is an HTTP status. */
function timedExe(exe: string, args: string[], expectLines: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.on('error', reject)
    child.on('close', (code) => {
      const ms = performance.now() - t0
      const codes = stdout.trim().split('\n')
      if (code !== 0 || codes.length !== expectLines || codes.some((c) => !/^[1-5]\d\d$/.test(c)))
        reject(new Error(`${exe}: exit ${code}, answers ${JSON.stringify(codes)}`))
      else resolve(ms)
    })
  })
}

const curlPath = ['/usr/bin/curl', '/usr/local/bin/curl'].find((p) => existsSync(p))

;(curlPath ? test : test.skip)('HTTP probes: a whole `probe --only` process vs curl --parallel', async () => {
  // The setting: 200 ms per connection, where start-up and hand-offs weigh twice as much as at 400.
  await servers?.close()
  const s = (servers = await startTestServers(hosts, { delayMs: CURL_DELAY_MS }))
  const map = Object.fromEntries(hosts.map((h) => [h, 'ok' as const]))
  const connectTo = s.connectTo(map)
  const only = 'request,uploadFile,downloadFile'
  const cli = [join(__dirname, '../bin/zim-netcheck.js'), 'probe', '--sdk', '2.13.0', '--json', '--exit-zero']
  cli.push('--only', only, '--timeout', '5000', '--cacert', s.caFile)
  for (const e of connectTo) cli.push('--connect-to', `${e.host}:443:${e.connectHost}:${e.connectPort}`)
  const curl = curlArgs(s, connectTo)
  const httpCount = plan.filter((q) => q.category !== 'socket').length
  const wave = Math.ceil(httpCount / POOLS.http) * CURL_DELAY_MS
  await timed(cli)
  await timedExe(curlPath as string, curl, httpCount)
  const ratios: number[] = []
  const ours: number[] = []
  const theirs: number[] = []
  // Each pair also times the two starts, interleaved with it: a Node process that does nothing (`node -e 0`) and
  // curl's (`curl --version`). What the CLI controls is what it takes beyond that Node start and curl's work.
  const floors: number[] = []
  const overFloor: number[] = []
  const nodeStarts: number[] = []
  for (let i = 0; i < CURL_PAIRS; i++) {
    ours.push(await timed(cli))
    theirs.push(await timedExe(curlPath as string, curl, httpCount))
    nodeStarts.push(await timedStart(process.execPath, ['-e', '0']))
    const bare = theirs[i] + nodeStarts[i] - (await timedStart(curlPath as string, ['--version']))
    ratios.push(ours[i] / theirs[i])
    floors.push(bare / theirs[i])
    overFloor.push(ours[i] / bare)
  }
  figure(
    'probe_http_curl_ratio',
    median(ratios),
    { max: 1.1 },
    `median of ${CURL_PAIRS} pairs: probe --only http ${Math.round(median(ours))} ms vs curl -Z ${Math.round(median(theirs))} ms (${httpCount} probes, bound ${wave} ms)`,
  )
  figure(
    'probe_http_curl_floor',
    median(floors),
    undefined,
    `what a Node process that did nothing and then took curl's time would read: (curl + node -e 0 − curl --version) ÷ curl; node -e 0 ${Math.round(median(nodeStarts))} ms here`,
  )
  figure(
    'probe_http_curl_over_floor',
    median(overFloor),
    { max: 1.03 },
    `probe --only http ÷ (curl + node -e 0 − curl --version): what the CLI takes beyond Node's start and curl's work`,
  )
  // Where the machine sets NODE_EXTRA_CA_CERTS, Node loads that file and its own ~140 roots before any script runs
  // (`node -e 0`: ~60 ms with this machine's bundle of 144, ~22 ms without). The same pairs without it show what
  // is the CLI's and what is the Node process's start on this machine.
  if (!process.env.NODE_EXTRA_CA_CERTS) return
  const { NODE_EXTRA_CA_CERTS: _extra, ...plain } = process.env
  const bare: number[] = []
  const curls: number[] = []
  for (let i = 0; i < CURL_PAIRS; i++) {
    bare.push(await timed(cli, plain))
    curls.push(await timedExe(curlPath as string, curl, httpCount))
  }
  figure(
    'probe_http_curl_ratio_no_extra_ca',
    median(bare.map((b, i) => b / curls[i])),
    { max: 1.1 },
    `the same, the CLI without NODE_EXTRA_CA_CERTS (${process.env.NODE_EXTRA_CA_CERTS}): ${Math.round(median(bare))} ms vs ${Math.round(median(curls))} ms`,
  )
})
