import * as clickhouse from '@clickhouse/client'
import { ClickHouseBackend, createTableSql, writtenSql } from '../../node/collect/clickhouse'
import { toRows } from '../../node/collect/rows'
import { TABLES } from '../../node/collect/schema'
import { Store } from '../../node/collect/storage'
import { ClickHouseServer, ensureClickHouse, startClickHouse } from '../helpers/clickhouse'
import { spawn } from 'node:child_process'
import { BIN, cliEnv } from '../helpers/cli'
import { KEY, TOKEN } from './harness'
import { fleetReport } from './shared-suite'

/*
 * What each ClickHouse batch looks up before writing (is a report stored already; were its probe rows written by
 * an earlier attempt cut between the two inserts) against a real clickhouse-server: the answers, and how many rows
 * the look-up reads once the tables hold millions. Read by the tables' keys it is a few granules whatever is
 * stored; it used to read every stored id (reports) and every probe's report id, a batch's cost growing with
 * the store.
 */

const has = ensureClickHouse()
if (!has.ok) process.stdout.write(`collector ClickHouse look-up test skipped: ${has.why}\n`)
let ch: ClickHouseServer | undefined
let n = 0
beforeAll(async () => {
  if (has.ok) ch = await startClickHouse(has.binary)
}, 120_000)
afterAll(async () => ch?.stop())

async function freshBackend() {
  const db = `l${++n}_${process.pid}`
  const admin = clickhouse.createClient({ url: ch!.url })
  await admin.command({ query: `CREATE DATABASE ${db}` })
  await admin.close()
  return { db, backend: await ClickHouseBackend.open(clickhouse, `${ch!.url}/${db}`) }
}

const ingest = (k: number) =>
  toRows(
    { ...fleetReport(k % 24), createdAt: new Date(Date.UTC(2026, 0, 3) + k).toISOString() },
    {
      kind: 'json',
      complete: true,
      summary: fleetReport(k % 24).summary,
      app: 'app1',
      receivedMs: Date.UTC(2026, 0, 3),
    },
  )

const count = async (backend: ClickHouseBackend, sql: string) => Number((await backend.query(sql))[0].n)

;(has.ok ? test : test.skip)(
  'a report whose probe rows were written without its report row: stored once, its probe rows not written twice',
  async () => {
    const { backend } = await freshBackend()
    const store = new Store(backend)
    const [cut, whole] = [ingest(1), ingest(2)]
    // An attempt cut after its first insert (probes first: ClickHouseBackend.write).
    await backend.write([], cut.probes)
    expect(await backend.written([cut.id, whole.id])).toEqual({
      reports: new Set(),
      probes: new Set([cut.id]),
    })
    expect(await store.insert([cut, whole])).toEqual(new Set())
    expect(await backend.written([cut.id, whole.id])).toEqual({
      reports: new Set([cut.id, whole.id]),
      probes: new Set([cut.id, whole.id]),
    })
    for (const r of [cut, whole]) {
      expect(await count(backend, `SELECT count() AS n FROM probes WHERE report_id = '${r.id}'`)).toBe(
        r.probes.length,
      )
      expect(await count(backend, `SELECT count() AS n FROM reports WHERE id = '${r.id}'`)).toBe(1)
    }
    // Sent again: a duplicate, nothing written.
    expect(await store.insert([whole])).toEqual(new Set([whole.id]))
    expect(await count(backend, 'SELECT count() AS n FROM probes')).toBe(
      cut.probes.length + whole.probes.length,
    )
    await backend.close()
  },
  60_000,
)
;(has.ok ? test : test.skip)(
  "a batch's look-up reads a few granules of a store of 400,000 reports and 18.4 M probe rows, not the columns",
  async () => {
    const { db, backend } = await freshBackend()
    const stored = 400_000
    // Rows made by the server (ids as toRows makes them: 32 hex digits; 23 hosts, 4 categories, received in order);
    // the columns not named are empty.
    const hex = (expr: string) => `lower(hex(MD5(toString(${expr}))))`
    const admin = clickhouse.createClient({
      url: `${ch!.url}/${db}`,
      request_timeout: 120_000,
      log: { level: clickhouse.ClickHouseLogLevel.OFF },
    })
    await admin.command({
      query: `INSERT INTO reports (id, received_ms, day) SELECT ${hex('number')}, number, '2026-01-03' FROM system.numbers LIMIT ${stored}`,
    })
    await admin.command({
      query: `INSERT INTO probes (report_id, idx, host, category, day) SELECT ${hex('intDiv(number, 46)')}, number % 46, concat('h', toString(number % 23)), toString(number % 4), '2026-01-03' FROM system.numbers LIMIT ${stored * 46}`,
    })
    await admin.command({ query: 'OPTIMIZE TABLE reports FINAL' })
    await admin.command({ query: 'OPTIMIZE TABLE probes FINAL' })
    const someStored = (await backend.query(`SELECT ${hex('number')} AS id FROM system.numbers LIMIT 3`)).map(
      (r) => String(r.id),
    )
    const ids = [...someStored, ingest(5).id, ingest(6).id]
    const rs = await admin.query({ query: writtenSql(ids), format: 'JSON' })
    const out = (await rs.json()) as {
      data: { id: string; report: number }[]
      statistics: { rows_read: number }
    }
    await admin.close()
    // The answers: the three stored ones have both rows, the two new ones neither.
    const reports = out.data.filter((r) => Number(r.report) === 1).map((r) => r.id)
    const probes = out.data.filter((r) => Number(r.report) === 0).map((r) => r.id)
    expect(reports.sort()).toEqual([...someStored].sort())
    expect(probes.sort()).toEqual([...someStored].sort())
    // By the keys, each id costs a few granules (1,024 rows) of each table: 45 for these five ids when written (46,080
    // rows; with ClickHouse's default 8,192-row granules, 360,448). With the tables ordered as they were (reports by
    // time, probes by host and category first): 11.3 M rows, all of reports' and a few granules in each host ×
    // category run of probes, growing with every report stored.
    expect(out.statistics.rows_read).toBeLessThanOrEqual(ids.length * 12 * 1024)
    await backend.close()
  },
  180_000,
)
;(has.ok ? test : test.skip)(
  'tables an earlier version made (ordered by time, by host × category) are named at open, with how to reorder them',
  async () => {
    const { db, backend: fresh } = await freshBackend()
    expect(fresh.notes).toEqual([])
    await fresh.close()
    const old = `${db}_old`
    const admin = clickhouse.createClient({ url: ch!.url })
    await admin.command({ query: `CREATE DATABASE ${old}` })
    for (const [t, order] of [
      ['reports', '(received_ms, id)'],
      ['probes', '(host, category, report_id, idx)'],
    ] as const)
      await admin.command({ query: createTableSql(`${old}.${t}`, TABLES[t], order) })
    await admin.close()
    const backend = await ClickHouseBackend.open(clickhouse, `${ch!.url}/${old}`)
    expect(backend.notes).toEqual([
      "ClickHouse table reports is ordered by (received_ms, id), as an earlier version made it: each batch's look-up reads its whole column, slower as it grows; RENAME TABLE reports TO reports_old, start the collector (it makes reports ordered by id), then INSERT INTO reports SELECT * FROM reports_old",
      "ClickHouse table probes is ordered by (host, category, report_id, idx), as an earlier version made it: each batch's look-up reads its whole column, slower as it grows; RENAME TABLE probes TO probes_old, start the collector (it makes probes ordered by (report_id, idx)), then INSERT INTO probes SELECT * FROM probes_old",
    ])
    // Still a working store meanwhile.
    const r = ingest(7)
    expect(await new Store(backend).insert([r])).toEqual(new Set())
    expect(await backend.written([r.id])).toEqual({ reports: new Set([r.id]), probes: new Set([r.id]) })
    await backend.close()
    // `collect` says so at start, on stderr, and serves.
    const child = spawn(
      process.execPath,
      [BIN, 'collect', '--port', '0', '--clickhouse', `${ch!.url}/${old}`, '--ingest-key', `cli=${KEY}`],
      { stdio: ['ignore', 'pipe', 'pipe'], env: cliEnv({ ZIM_READ_TOKEN: TOKEN }) },
    )
    let out = ''
    let err = ''
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d))
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d))
    const exited = new Promise((done) => child.once('exit', done))
    for (let i = 0; i < 600 && !/listening on/.test(out) && child.exitCode === null; i++)
      await new Promise((done) => setTimeout(done, 50))
    for (let i = 0; i < 100 && err.split('\n').length < 3; i++)
      await new Promise((done) => setTimeout(done, 50))
    child.kill('SIGTERM')
    await exited
    expect(out).toMatch(/^zim-netcheck collect: listening on /)
    expect(err.split('\n').slice(0, 2)).toEqual(backend.notes.map((n) => `zim-netcheck collect: ${n}`))
  },
  60_000,
)
