import * as clickhouse from '@clickhouse/client'
import * as duck from '@duckdb/node-api'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { breakdown, DIMENSIONS, FleetItem } from '../../miniprogram/core/fleet'
import { Report } from '../../miniprogram/core/report'
import { ClickHouseBackend, createTableSql } from '../../node/collect/clickhouse'
import { DuckBackend } from '../../node/collect/duckdb'
import { DIM_COLUMN, PROBE_COLUMNS, REPORT_COLUMNS, toRows } from '../../node/collect/rows'
import { Backend, colType, Store } from '../../node/collect/storage'
import { ClickHouseServer, ensureClickHouse, startClickHouse } from '../helpers/clickhouse'
import { fleetReport } from './shared-suite'

/*
 * Probe rows no longer repeat their report's fleet dimensions (node/collect/rows.ts). A store made before, whose
 * probes table has those nine columns and rows that fill them, must go on working: DuckDB drops the columns when
 * the file is opened (the appender writes the table's columns in order), ClickHouse keeps them and new rows leave
 * them empty. Either way every breakdown, over reports stored before and after, is core's breakdown().
 */

/** The probes table as it was: the dimensions after `day`, before `host`. */
const OLD_PROBE_COLUMNS = [
  'report_id',
  'received_ms',
  'idx',
  'day',
  'app',
  'trigger',
  'platform',
  'network_type',
  'os',
  'wechat_version',
  'base_library',
  'sdk',
  'runtime',
  ...PROBE_COLUMNS.slice(PROBE_COLUMNS.indexOf('host')),
]

const at = (k: number) => Date.UTC(2026, 10, 2) + k * 1000
const rowsOf = (r: Report, k: number) =>
  toRows(r, { kind: 'json', complete: true, summary: r.summary, app: 'app1', receivedMs: at(k) })

/** Old-format probe rows: each with its report's dimensions, as they were written. */
function oldProbeRows(r: Report, k: number): Record<string, string | number>[] {
  const ing = rowsOf(r, k)
  const dims: Record<string, string> = {}
  for (const c of Object.values(DIM_COLUMN)) dims[c] = String(ing.report[c])
  return ing.probes.map((p) => ({ ...dims, ...p }))
}

const item = (r: Report, i: number): FleetItem => ({
  name: `r${i}`,
  report: r,
  summary: r.summary,
  complete: true,
})

const reports = Array.from({ length: 12 }, (_, k) => fleetReport(k))
const before = reports.slice(0, 7)
const after = reports.slice(7)

async function expectBreakdowns(backend: Backend) {
  const store = new Store(backend)
  for (const dim of DIMENSIONS) {
    const got = await store.breakdown({}, dim, { limit: 1000, offset: 0 })
    const want = breakdown(reports.map(item), dim, {})
    const norm = (rows: { value: string }[]) => Object.fromEntries(rows.map((r) => [r.value, r]))
    expect({ dim, items: norm(got.items) }).toEqual({ dim, items: norm(want) })
  }
}

describe('DuckDB: a file whose probe rows repeat the dimensions', () => {
  let dir: string
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'zim-probe-cols-'))))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('is opened without them; old and new reports break down as core does', async () => {
    const file = join(dir, 'old.duckdb')
    const type = { text: 'VARCHAR', int: 'INTEGER', bigint: 'BIGINT', double: 'DOUBLE' } as const
    const inst = await duck.DuckDBInstance.create(file)
    const c = await inst.connect()
    const ddl = (t: string, cols: readonly string[]) =>
      c.run(`CREATE TABLE ${t} (${cols.map((x) => `${x} ${type[colType(x)]}`).join(', ')})`)
    await ddl('reports', REPORT_COLUMNS)
    await ddl('probes', OLD_PROBE_COLUMNS)
    const insert = async (t: string, cols: readonly string[], rows: Record<string, unknown>[]) => {
      for (const row of rows)
        await c.run(
          `INSERT INTO ${t} VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
          cols.map((x) => row[x] as string | number),
        )
    }
    for (const [k, r] of before.entries()) {
      await insert('reports', REPORT_COLUMNS, [rowsOf(r, k).report as never])
      await insert('probes', OLD_PROBE_COLUMNS, oldProbeRows(r, k))
    }
    c.closeSync()
    inst.closeSync()

    const b = await DuckBackend.open(duck, file)
    try {
      const cols = await b.query(
        "SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'probes' ORDER BY ordinal_position",
      )
      expect(cols.map((r) => r.c)).toEqual([...PROBE_COLUMNS])
      await new Store(b).insert(after.map((r, i) => rowsOf(r, before.length + i)))
      const [n] = await b.query('SELECT count(*) AS n FROM probes')
      expect(Number(n.n)).toBe(reports.reduce((s, r) => s + r.results.length, 0))
      await expectBreakdowns(b)
    } finally {
      await b.close()
    }
    // Opened again, nothing more to drop.
    const again = await DuckBackend.open(duck, file)
    await expectBreakdowns(again)
    await again.close()
  })
})

describe('ClickHouse: a table whose probe rows repeat the dimensions', () => {
  let server: ClickHouseServer | undefined
  let why: string | undefined
  beforeAll(async () => {
    const has = ensureClickHouse()
    if (!has.ok) why = has.why
    else server = await startClickHouse(has.binary)
  }, 180_000)
  afterAll(async () => server?.stop())

  test('keeps them, empty for new rows; old and new reports break down as core does', async () => {
    if (!server) {
      console.warn(`ClickHouse not run: ${why}`)
      return
    }
    const db = `old_${process.pid}`
    const admin = clickhouse.createClient({ url: server.url })
    const ddl = (t: string, cols: readonly string[], order: string) =>
      admin.command({ query: createTableSql(`${db}.${t}`, cols, order) })
    await admin.command({ query: `CREATE DATABASE ${db}` })
    await ddl('reports', REPORT_COLUMNS, '(received_ms, id)')
    await ddl('probes', OLD_PROBE_COLUMNS, '(host, category, report_id, idx)')
    for (const [k, r] of before.entries()) {
      await admin.insert({ table: `${db}.reports`, values: [rowsOf(r, k).report], format: 'JSONEachRow' })
      await admin.insert({ table: `${db}.probes`, values: oldProbeRows(r, k), format: 'JSONEachRow' })
    }
    await admin.close()

    const b = await ClickHouseBackend.open(clickhouse, `${server.url}/${db}`)
    try {
      await new Store(b).insert(after.map((r, i) => rowsOf(r, before.length + i)))
      const [n] = await b.query("SELECT count() AS n, countIf(platform = '') AS blank FROM probes")
      expect({ n: Number(n.n), blank: Number(n.blank) }).toEqual({
        n: reports.reduce((s, r) => s + r.results.length, 0),
        blank: after.reduce((s, r) => s + r.results.length, 0),
      })
      await expectBreakdowns(b)
    } finally {
      await b.close()
    }
  }, 60_000)
})
