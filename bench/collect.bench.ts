import { ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as duck from '@duckdb/node-api'
import * as clickhouse from '@clickhouse/client'
import { ClickHouseBackend } from '../node/collect/clickhouse'
import { DuckBackend } from '../node/collect/duckdb'
import type { Backend } from '../node/collect/schema'
import { toRows } from '../node/collect/rows'
import { Store } from '../node/collect/storage'
import { ClickHouseServer, ensureClickHouse, startClickHouse } from '../test/helpers/clickhouse'
import { BIN, cliEnv } from '../test/helpers/cli'
import { fleetReport } from '../test/collect/shared-suite'
import { figure } from './figures'

/*
 * The collector (issue 32), a `collect` process fed over loopback by bench/ingest-load.js, a process of its own:
 * - open-loop: 1,000 reports/s offered for the same time, each due at its time: p99 from when due, and how many
 *   were not stored (refused or lost);
 * - sustained ingest: 32 keep-alive senders, one report in flight each, for ZIM_BENCH_INGEST_S seconds (default
 *   60, the run) on DuckDB, and 20 s on ClickHouse where clickhouse-server runs: reports stored a second,
 *   p99 latency of a 202, and the collector's CPU per report (all its threads; less at the mercy of what else
 *   the machine runs than a rate is);
 * - overload: 10× the rate (of 1,000/s, or of the DuckDB rate just measured if higher), offered open-loop for
 *   10 s by 512 senders to a fresh collector: refusals (429/503) and their p99, what is stored meanwhile, any
 *   refusal without retry-after, reports answered 202 but not in the file (read after the collector stopped),
 *   and the collector's peak memory;
 * - the fleet queries over 100,000 reports (4.6 M probe rows).
 */

const KEY = 'bench-ingest-key'
const SECONDS = Number(process.env.ZIM_BENCH_INGEST_S ?? 60)
let dir: string
let templates: string
let ch: ClickHouseServer | undefined
let sustained = 0
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zim-collect-bench-'))
  // 24 different reports of 46 probes; the load generator puts a new createdAt into each one it sends.
  templates = join(dir, 'templates.json')
  writeFileSync(
    templates,
    JSON.stringify(
      Array.from({ length: 24 }, (_, k) => JSON.stringify({ ...fleetReport(k), createdAt: '@CREATED@' })),
    ),
  )
})
afterAll(async () => {
  await ch?.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'collect',
      '--port',
      '0',
      '--ingest-key',
      KEY,
      '--read-token',
      'bench-read-token-0123456789',
      '--rate-client',
      '10000000',
      '--rate-key',
      '10000000',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: cliEnv() },
  )
  let out = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d))
  for (let i = 0; i < 600 && !/listening on (\S+)/.test(out); i++) await new Promise((r) => setTimeout(r, 50))
  const url = /listening on (\S+)/.exec(out)?.[1]
  if (!url) throw new Error(`collect did not start: ${out}`)
  return { child, url }
}

interface LoadResult {
  elapsed: number
  sent: number
  errors: number
  status: Record<string, number>
  noRetryAfter: number
  accepted: { n: number; p50: number | null; p99: number | null }
  refused: { n: number; p50: number | null; p99: number | null }
  service: {
    accepted: { p50: number | null; p99: number | null }
    refused: { p50: number | null; p99: number | null }
  }
}

/** Runs bench/ingest-load.js against `url`; its one line of JSON. */
function load(url: string, o: { seconds: number; connections: number; rate?: number }): Promise<LoadResult> {
  const child = spawn(
    process.execPath,
    [join(__dirname, 'ingest-load.js'), JSON.stringify({ url, key: KEY, templates, ...o })],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load generator: exit ${code}`)),
    ),
  )
}

/** CPU seconds the process has used, all threads (Linux /proc; undefined elsewhere). */
function cpuSeconds(pid: number): number | undefined {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ')
    return (Number(f[11]) + Number(f[12])) / 100
  } catch {
    return undefined
  }
}

/** Peak resident memory of the process, MB (Linux /proc). */
function peakRssMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Math.round(Number(m[1]) / 1024) : undefined
  } catch {
    return undefined
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

/** `server`: the database server's process, where it is one (ClickHouse): its CPU a report is shown too. */
async function ingest(name: string, args: string[], seconds: number, server?: number): Promise<number> {
  const { child, url } = await startCli(args)
  const cpu0 = cpuSeconds(child.pid!)
  const db0 = server === undefined ? undefined : cpuSeconds(server)
  const r = await load(url, { seconds, connections: 32 })
  const cpu1 = cpuSeconds(child.pid!)
  const db1 = server === undefined ? undefined : cpuSeconds(server)
  await stop(child)
  const perS = Math.round(r.accepted.n / r.elapsed)
  const other = r.sent - r.accepted.n
  figure(
    `collect_ingest_per_s_${name}`,
    perS,
    { min: 1000 },
    `${r.accepted.n} reports of 46 probes stored in ${r.elapsed.toFixed(1)} s, 32 senders (a process of their own), ${other} not 202`,
  )
  figure(
    `collect_ingest_p99_ms_${name}`,
    Math.round(r.accepted.p99 ?? NaN),
    { max: 100 },
    `median ${Math.round(r.accepted.p50 ?? NaN)} ms`,
  )
  if (cpu0 !== undefined && cpu1 !== undefined)
    figure(
      `collect_ingest_cpu_ms_per_report_${name}`,
      Number((((cpu1 - cpu0) * 1000) / Math.max(1, r.accepted.n)).toFixed(2)),
      undefined,
      'the collector process, all threads (HTTP, intake, the database); 2 cores make ≤ 2 the most 1,000/s allows',
    )
  if (db0 !== undefined && db1 !== undefined)
    figure(
      `collect_ingest_server_cpu_ms_per_report_${name}`,
      Number((((db1 - db0) * 1000) / Math.max(1, r.accepted.n)).toFixed(2)),
      undefined,
      'the database server, all threads (inserts, look-ups, background merges), on the same 2 cores',
    )
  return perS
}

test('ingest over loopback: DuckDB', async () => {
  sustained = await ingest('duckdb', ['--db', join(dir, 'ingest.duckdb')], SECONDS)
}, 600_000)

test('open-loop: 1,000 reports/s offered for the same time on DuckDB', async () => {
  // A steady rate, each report due at its time whatever the answers before it (checkpoints included): what a fleet
  // sending at 1,000/s sees, where the 32 senders above wait for each answer before sending again.
  const { child, url } = await startCli(['--db', join(dir, 'open.duckdb')])
  const r = await load(url, { seconds: SECONDS, connections: 128, rate: 1000 })
  await stop(child)
  const refused = r.sent - r.accepted.n
  figure(
    'collect_open_p99_ms_duckdb',
    Math.round(r.accepted.p99 ?? NaN),
    { max: 100 },
    `1,000/s offered for ${SECONDS} s by 128 senders: ${r.accepted.n} stored, median ${Math.round(r.accepted.p50 ?? NaN)} ms, from when each was due`,
  )
  figure(
    'collect_open_not_stored',
    refused,
    { max: 0 },
    `statuses ${JSON.stringify(r.status)}, ${r.errors} connection errors`,
  )
}, 600_000)

test('overload: 10× the sustained rate for 10 s on DuckDB', async () => {
  const rate = Math.max(1000, sustained) * 10 // 10x the target, or 10x what it sustained if that is more
  const db = join(dir, 'overload.duckdb')
  const { child, url } = await startCli(['--db', db])
  const r = await load(url, { seconds: 10, connections: 512, rate })
  const peak = peakRssMb(child.pid!)
  await stop(child)
  const backend = await DuckBackend.open(duck, db)
  const stored = Number((await backend.query('SELECT count(*) AS n FROM reports'))[0].n)
  await backend.close()
  const refused = (r.status['429'] ?? 0) + (r.status['503'] ?? 0)
  const note = `${r.sent} offered at ${rate}/s: ${r.accepted.n} stored (202), ${refused} refused (429/503), ${r.errors} connection errors, statuses ${JSON.stringify(r.status)}`
  // Latencies from the moment each request was written: what the collector took. (Counted from when each was
  // due, they add the sender's own backlog: 512 sockets cannot offer 10x at once when answers take long.)
  figure(
    'collect_overload_refused_p99_ms',
    Math.round(r.service.refused.p99 ?? 0),
    { max: 100 },
    `${note}; from when due ${Math.round(r.refused.p99 ?? 0)} ms`,
  )
  figure(
    'collect_overload_accepted_per_s',
    Math.round(r.accepted.n / r.elapsed),
    undefined,
    `stored meanwhile; their p99 ${Math.round(r.service.accepted.p99 ?? 0)} ms, ${Math.round(r.accepted.p99 ?? 0)} ms from when due`,
  )
  figure(
    'collect_overload_no_retry_after',
    r.noRetryAfter,
    { max: 0 },
    '429/503 without a retry-after header',
  )
  figure(
    'collect_overload_lost',
    r.accepted.n - stored,
    { max: 0 },
    `202s ${r.accepted.n}, in the file after stop ${stored}`,
  )
  figure(
    'collect_overload_unacknowledged_stored',
    Math.max(0, stored - r.accepted.n),
    { max: 0 },
    'stored without a 202 (a sender told to retry would send it twice)',
  )
  if (peak !== undefined)
    figure('collect_overload_peak_rss_mb', peak, { max: 1024 }, 'the queue holds at most 5,000 reports')
}, 600_000)

/**
 * The ClickHouse server of the ClickHouse figures, started once (undefined, said in one line, where there is none).
 * Its data in memory (/dev/shm) where the machine has it. Each insert is a part of ~30 files per table, and on this
 * machine's root file system (ext4) creating a file costs ~0.5 ms of kernel time in its inode allocator, more the
 * more files were deleted lately (other tests' temp folders): the ingest figure followed the disk's history
 * (196–504/s, the server's CPU 2.5–5.7 ms a report, in four runs of the same code within an hour).
 */
async function clickHouse(): Promise<ClickHouseServer | undefined> {
  if (ch) return ch
  const has = ensureClickHouse()
  if (!has.ok) return void process.stdout.write(`collect ClickHouse figures skipped: ${has.why}\n`)
  let parent: string | undefined
  try {
    accessSync('/dev/shm', constants.W_OK)
    parent = '/dev/shm'
  } catch {
    parent = undefined
  }
  ch = await startClickHouse(has.binary, parent)
  process.stdout.write(`collect ClickHouse data folder: ${parent ?? tmpdir()}\n`)
  return ch
}

test('ingest over loopback: ClickHouse', async () => {
  const server = await clickHouse()
  if (server) await ingest('clickhouse', ['--clickhouse', server.url], Math.min(SECONDS, 20), server.pid)
}, 600_000)

/** Stores 100,000 reports (4.6 M probe rows) in `backend`, then times each fleet query, warm; `suffix` names the figures. */
async function fleetQueries(backend: Backend, suffix: string): Promise<void> {
  const store = new Store(backend)
  const base = Date.UTC(2026, 10, 1)
  const reports = Array.from({ length: 24 }, (_, k) => fleetReport(k))
  for (let b = 0; b < 100; b++) {
    const batch = Array.from({ length: 1000 }, (_, i) => {
      const k = b * 1000 + i
      const rep = { ...reports[k % 24], createdAt: new Date(base + k).toISOString() }
      return toRows(rep, {
        kind: 'json',
        complete: true,
        summary: rep.summary,
        app: `app${k % 3}`,
        receivedMs: base + k * 20_000,
      })
    })
    await backend.write(
      batch.map((x) => x.report),
      batch.flatMap((x) => x.probes),
    )
  }
  await backend.settled?.() // DuckDB: batches journaled during a checkpoint, stored
  const [{ n }] = await backend.query('SELECT count(*) AS n FROM probes')
  const page = { limit: 50, offset: 0 }
  const timed: [string, () => Promise<unknown>][] = [
    ['matrix', () => store.matrix({}, page)],
    [
      'matrix_filtered',
      () =>
        store.matrix(
          { dims: { platform: ['ios', 'android'] }, categories: ['socket'], errors: ['tls', 'timeout'] },
          page,
        ),
    ],
    ['breakdown_os', () => store.breakdown({ failedOnly: true }, 'os', page)],
    ['breakdown_day', () => store.breakdown({ host: 'zego' }, 'day', page)],
    ['list_filtered', () => store.list({ dims: { networkType: ['4g'] }, errors: ['tls'] }, page)],
  ]
  let worst = 0
  for (const [name, run] of timed) {
    await run() // warm
    const t0 = performance.now()
    await run()
    const ms = performance.now() - t0
    worst = Math.max(worst, ms)
    figure(`collect_query_ms_${name}${suffix}`, Math.round(ms), { max: 1000 }, `${n} probe rows`)
  }
  figure(`collect_query_worst_ms${suffix}`, Math.round(worst), { max: 1000 })
  await store.close()
}

test('fleet queries over 100,000 reports on DuckDB', async () => {
  await fleetQueries(await DuckBackend.open(duck, join(dir, 'fleet.duckdb')), '')
}, 600_000)

test('fleet queries over 100,000 reports on ClickHouse', async () => {
  const server = await clickHouse()
  if (!server) return
  const admin = clickhouse.createClient({ url: server.url })
  await admin.command({ query: 'CREATE DATABASE fleet' })
  await admin.close()
  await fleetQueries(await ClickHouseBackend.open(clickhouse, `${server.url}/fleet`), '_clickhouse')
}, 600_000)
