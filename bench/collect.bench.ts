import { ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as duck from '@duckdb/node-api'
import { DuckBackend } from '../node/collect/duckdb'
import { toRows } from '../node/collect/rows'
import { Store } from '../node/collect/storage'
import { ClickHouseServer, ensureClickHouse, startClickHouse } from '../test/helpers/clickhouse'
import { BIN, cliEnv } from '../test/helpers/cli'
import { fleetReport } from '../test/collect/shared-suite'
import { figure } from './figures'

/*
 * The collector (issue 32): ingest over loopback into a `collect` process (reports a second and p99 latency,
 * 32 senders with keep-alive, for ZIM_BENCH_INGEST_S seconds, default 20; the run is 60), on DuckDB and,
 * where clickhouse-server runs, ClickHouse; and the fleet queries over 100,000 reports (4.6 M probe rows).
 */

const KEY = 'bench-ingest-key'
const SECONDS = Number(process.env.ZIM_BENCH_INGEST_S ?? 20)
let dir: string
let ch: ClickHouseServer | undefined
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zim-collect-bench-'))
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

async function ingest(name: string, args: string[]) {
  const { child, url } = await startCli(args)
  const bodies = Array.from({ length: 24 }, (_, k) => fleetReport(k))
  const lat: number[] = []
  let n = 0
  let other = 0
  const end = performance.now() + SECONDS * 1000
  const sender = async () => {
    while (performance.now() < end) {
      const k = n++
      const rep = { ...bodies[k % 24], createdAt: new Date(Date.UTC(2026, 0, 1) + k).toISOString() }
      const t0 = performance.now()
      const res = await fetch(`${url}/v1/reports`, {
        method: 'POST',
        body: JSON.stringify(rep),
        headers: { 'x-zim-app-key': KEY, 'content-type': 'application/json' },
      })
      await res.arrayBuffer()
      if (res.status === 202) lat.push(performance.now() - t0)
      else other++
    }
  }
  const t0 = performance.now()
  await Promise.all(Array.from({ length: 32 }, sender))
  const elapsed = (performance.now() - t0) / 1000
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
  lat.sort((a, b) => a - b)
  const p99 = lat[Math.floor(lat.length * 0.99)]
  figure(
    `collect_ingest_per_s_${name}`,
    Math.round(lat.length / elapsed),
    { min: 1000 },
    `${lat.length} reports of 46 probes stored in ${elapsed.toFixed(1)} s, 32 senders, ${other} not 202`,
  )
  figure(
    `collect_ingest_p99_ms_${name}`,
    Math.round(p99),
    { max: 100 },
    `median ${Math.round(lat[lat.length >> 1])} ms`,
  )
}

test('ingest over loopback: DuckDB', async () => {
  await ingest('duckdb', ['--db', join(dir, 'ingest.duckdb')])
}, 600_000)

test('ingest over loopback: ClickHouse', async () => {
  const has = ensureClickHouse()
  if (!has.ok) return void process.stdout.write(`collect_ingest ClickHouse skipped: ${has.why}\n`)
  ch = await startClickHouse(has.binary)
  await ingest('clickhouse', ['--clickhouse', ch.url])
}, 600_000)

test('fleet queries over 100,000 reports on DuckDB', async () => {
  const backend = await DuckBackend.open(duck, join(dir, 'fleet.duckdb'))
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
    figure(`collect_query_ms_${name}`, Math.round(ms), { max: 1000 }, `${n} probe rows`)
  }
  figure('collect_query_worst_ms', Math.round(worst), { max: 1000 })
  await store.close()
}, 600_000)
