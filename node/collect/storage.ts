import { CATEGORIES, ERROR_CATEGORIES } from '../../miniprogram/core/vocabulary'
import { DIM_COLUMN, FleetDim, Ingest, REPORT_COLUMNS } from './rows'
import { Backend, BreakdownRow, Cell, Filter, ListItem, MatrixRow, Page, Params } from './schema'
import { probeWhere, reportWhere, Where } from './where'

export * from './schema'

/*
 * The collector's storage: one schema and one set of SQL queries for both back-ends (DuckDB embedded,
 * ClickHouse at scale). A query is written once with ClickHouse-style placeholders, `{name:String}`; each
 * back-end binds them its own way (DuckDB: prepared-statement parameters; ClickHouse 18.16, which has no
 * server-side parameters, a quoted literal from `quoteLiteral`). Values from a request never enter SQL text
 * any other way: numbers (limits, offsets, times) are checked integers, names (columns) come from tables here.
 */

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0))
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v))
const checkedInt = (n: number): number => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a count: ${n}`)
  return n
}

const hasRowFilter = (f: Filter) => Boolean(f.categories?.length || f.errors?.length || f.host)

/** A matrix cell from a row of SUMS (its error categories are added apart). */
const cellOf = (c: Record<string, unknown>): Cell => ({
  ran: num(c.ran),
  fail: num(c.fail),
  warn: num(c.warn),
  skipped: num(c.skipped),
  errors: {},
})

/** The most host × category cells the matrix reads in one pass (about 5,000 hosts); beyond, it pages in SQL. */
const MATRIX_CELLS = 20_000

const SUMS = `sum(CASE WHEN status <> 'skipped' THEN 1 ELSE 0 END) AS ran,
  sum(CASE WHEN status = 'fail' THEN 1 ELSE 0 END) AS fail,
  sum(CASE WHEN status = 'warn' THEN 1 ELSE 0 END) AS warn,
  sum(CASE WHEN status = 'skipped' THEN 1 ELSE 0 END) AS skipped`

/** The shared store: ingest with de-duplication, the list, one report, the fleet matrix and breakdowns. */
export class Store {
  private readonly contains: (col: string, param: string) => string

  constructor(
    readonly backend: Backend,
    /** `matrixCells`: the most host × category cells the matrix reads in one pass (see `matrix`). */
    private readonly limits: { matrixCells?: number } = {},
  ) {
    this.contains = (c, p) => backend.contains(c, p)
  }

  get kind() {
    return this.backend.kind
  }

  /** Stores the new ones among `batch`; returns the ids that were already there (stored once). */
  async insert(batch: readonly Ingest[]): Promise<Set<string>> {
    const byId = new Map<string, Ingest>()
    for (const b of batch) if (!byId.has(b.id)) byId.set(b.id, b)
    const ids = Array.from(byId.keys())
    let existing: Set<string>
    // A report whose probe rows were written and whose report row was not (ClickHouse: a collector killed between
    // its two inserts): its probe rows are whole (one insert is one block) and stay.
    let orphans = new Set<string>()
    if (this.backend.written) {
      const written = await this.backend.written(ids)
      existing = written.reports
      orphans = written.probes
    } else {
      // Ids the back-end knows to be new are not looked up (DuckDB: a scan of every stored id otherwise).
      const maybe = this.backend.mayHold ? this.backend.mayHold(ids) : ids
      existing = maybe.length ? await this.existing('reports', 'id', maybe) : new Set<string>()
    }
    const fresh = ids.filter((id) => !existing.has(id)).map((id) => byId.get(id)!)
    if (fresh.length)
      await this.backend.write(
        fresh.map((b) => b.report),
        fresh.filter((b) => !orphans.has(b.id)).flatMap((b) => b.probes),
      )
    return existing
  }

  private async existing(table: string, column: string, ids: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>()
    for (let i = 0; i < ids.length; i += 500) {
      const params: Params = {}
      const part = ids.slice(i, i + 500)
      let where: string
      if (this.backend.oneOf && part.every((id) => !id.includes(','))) {
        params.ids = part.join(',')
        where = this.backend.oneOf(column, '{ids:String}')
      } else {
        const w = new Where(params, 'i')
        w.inList(column, part)
        where = w.sql()
      }
      const rows = await this.backend.query(
        `SELECT DISTINCT ${column} AS id FROM ${table} WHERE ${where}`,
        params,
      )
      for (const r of rows) out.add(str(r.id))
    }
    return out
  }

  /** Reports, newest first. A probe filter keeps reports with a failing probe it counts. */
  async list(f: Filter, page: Page): Promise<{ total: number; items: ListItem[] }> {
    await this.backend.settled?.()
    const params: Params = {}
    let where = reportWhere(f, params)
    if (hasRowFilter(f))
      where += ` AND id IN (SELECT report_id FROM probes WHERE ${probeWhere(f, params, this.contains)} AND status = 'fail')`
    const [count] = await this.backend.query(`SELECT count(*) AS n FROM reports WHERE ${where}`, params)
    const cols = REPORT_COLUMNS.filter((c) => c !== 'report').join(', ')
    const rows = await this.backend.query(
      `SELECT ${cols} FROM reports WHERE ${where} ORDER BY received_ms DESC, id ASC LIMIT ${checkedInt(page.limit)} OFFSET ${checkedInt(page.offset)}`,
      params,
    )
    return { total: num(count?.n), items: rows.map(listItem) }
  }

  /** One report with what the collector knows of it; undefined when there is none with this id. */
  async get(id: string): Promise<(ListItem & { report: unknown }) | undefined> {
    await this.backend.settled?.()
    const params: Params = { id }
    const rows = await this.backend.query(
      `SELECT ${REPORT_COLUMNS.join(', ')} FROM reports WHERE id = {id:String} LIMIT 1`,
      params,
    )
    if (!rows.length) return undefined
    return { ...listItem(rows[0]), report: JSON.parse(str(rows[0].report)) as unknown }
  }

  /** How many reports a filter keeps. */
  async count(f: Filter): Promise<number> {
    await this.backend.settled?.()
    const params: Params = {}
    const [row] = await this.backend.query(
      `SELECT count(*) AS n FROM reports WHERE ${reportWhere(f, params)}`,
      params,
    )
    return num(row?.n)
  }

  /**
   * Host × category over the kept reports: hosts most failures first (then by name), paged; each cell counts
   * the probes that ran, failed (by error category), warned and were skipped, as core/fleet.ts buildMatrix does.
   * Two passes over the probe rows: the cells of every host (which also rank the hosts, count them and name the
   * categories present), then the error categories of the page's hosts. (It was five, each with the kept
   * reports' ids as an IN set over every probe row: ~1 s on ClickHouse at 4.6 M probe rows.) Where the hosts are
   * so many that their cells pass `MATRIX_CELLS` (reports sent full of made-up hosts), the database ranks and pages
   * them instead (`matrixPaged`), so an answer never holds more than a page.
   */
  async matrix(
    f: Filter,
    page: Page,
  ): Promise<{ reports: number; categories: string[]; total: number; items: MatrixRow[] }> {
    await this.backend.settled?.()
    const params: Params = {}
    const kept = `report_id IN (SELECT id FROM reports WHERE ${reportWhere(f, params)}) AND ${probeWhere(f, params, this.contains)}`
    const most = this.limits.matrixCells ?? MATRIX_CELLS
    const [reports, cells] = await Promise.all([
      this.count(f),
      this.backend.query(
        `SELECT host, category, ${SUMS} FROM probes WHERE ${kept} GROUP BY host, category LIMIT ${checkedInt(most + 1)}`,
        params,
      ),
    ])
    if (cells.length > most) return this.matrixPaged(kept, params, page, reports)
    const byHost = new Map<string, MatrixRow>()
    const present = new Set<string>()
    for (const c of cells) {
      const host = str(c.host)
      let row = byHost.get(host)
      if (!row) byHost.set(host, (row = { host, fail: 0, cells: {} }))
      row.fail += num(c.fail)
      present.add(str(c.category))
      row.cells[str(c.category)] = cellOf(c)
    }
    // Most failures first, then by name (as the databases order text: hosts are ASCII, as URLs give them).
    const ranked = [...byHost.values()].sort(
      (a, b) => b.fail - a.fail || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0),
    )
    const offset = checkedInt(page.offset)
    const items = ranked.slice(offset, offset + checkedInt(page.limit))
    await this.addErrors(kept, params, items)
    return {
      reports,
      categories: CATEGORIES.filter((c) => present.has(c)),
      total: ranked.length,
      items,
    }
  }

  /** The matrix for a great many hosts: counted, ranked and paged by the database, each page's cells read apart. */
  private async matrixPaged(
    kept: string,
    params: Params,
    page: Page,
    reports: number,
  ): Promise<{ reports: number; categories: string[]; total: number; items: MatrixRow[] }> {
    const [[total], hosts, cats] = await Promise.all([
      this.backend.query(`SELECT count(DISTINCT host) AS n FROM probes WHERE ${kept}`, params),
      this.backend.query(
        `SELECT host, sum(CASE WHEN status = 'fail' THEN 1 ELSE 0 END) AS fail FROM probes WHERE ${kept}
         GROUP BY host ORDER BY fail DESC, host ASC LIMIT ${checkedInt(page.limit)} OFFSET ${checkedInt(page.offset)}`,
        params,
      ),
      this.backend.query(`SELECT DISTINCT category FROM probes WHERE ${kept}`, params),
    ])
    const items: MatrixRow[] = hosts.map((h) => ({ host: str(h.host), fail: num(h.fail), cells: {} }))
    if (items.length) {
      const p2: Params = { ...params }
      const w = new Where(p2, 'h')
      w.inList(
        'host',
        items.map((i) => i.host),
      )
      const byHost = new Map(items.map((i) => [i.host, i]))
      for (const c of await this.backend.query(
        `SELECT host, category, ${SUMS} FROM probes WHERE ${kept} AND ${w.sql()} GROUP BY host, category`,
        p2,
      ))
        byHost.get(str(c.host))!.cells[str(c.category)] = cellOf(c)
      await this.addErrors(kept, params, items)
    }
    const present = new Set(cats.map((c) => str(c.category)))
    return { reports, categories: CATEGORIES.filter((c) => present.has(c)), total: num(total?.n), items }
  }

  /** The error categories of `items`' failing cells, from one more pass over the kept probe rows of their hosts. */
  private async addErrors(kept: string, params: Params, items: MatrixRow[]): Promise<void> {
    const failing = items.filter((i) => i.fail > 0)
    if (!failing.length) return
    const p2: Params = { ...params }
    const w = new Where(p2, 'h')
    w.inList(
      'host',
      failing.map((i) => i.host),
    )
    const errors = await this.backend.query(
      `SELECT host, category, error_category, count(*) AS n FROM probes
       WHERE ${kept} AND ${w.sql()} AND status = 'fail' GROUP BY host, category, error_category`,
      p2,
    )
    const byHost = new Map(failing.map((i) => [i.host, i]))
    for (const e of errors) {
      const cell = byHost.get(str(e.host))?.cells[str(e.category)]
      if (cell) cell.errors[str(e.error_category)] = num(e.n)
    }
  }

  /**
   * The kept reports split by one dimension, most reports first (then by value), paged: per value the reports,
   * those with a counted failure, and the counted probes by status and error category (core's breakdown()).
   */
  async breakdown(f: Filter, dim: FleetDim, page: Page): Promise<{ total: number; items: BreakdownRow[] }> {
    await this.backend.settled?.()
    const col = DIM_COLUMN[dim]
    const params: Params = {}
    const rw = reportWhere(f, params)
    const [[total], values] = await Promise.all([
      this.backend.query(`SELECT count(DISTINCT ${col}) AS n FROM reports WHERE ${rw}`, params),
      this.backend.query(
        `SELECT ${col} AS value, count(*) AS reports FROM reports WHERE ${rw}
         GROUP BY ${col} ORDER BY reports DESC, value ASC LIMIT ${checkedInt(page.limit)} OFFSET ${checkedInt(page.offset)}`,
        params,
      ),
    ])
    const items: BreakdownRow[] = values.map((v) => ({
      value: str(v.value),
      reports: num(v.reports),
      failedReports: 0,
      probes: 0,
      fail: 0,
      warn: 0,
      skipped: 0,
      errors: {},
    }))
    if (items.length) {
      const p2: Params = { ...params }
      const w = new Where(p2, 'v')
      w.inList(
        col,
        items.map((i) => i.value),
      )
      // Probe rows carry no dimension (rows.ts): each takes its report's value from a join with the kept
      // reports of the listed values. ClickHouse 18.16 wants the join's strictness spelled out.
      const join = this.kind === 'clickhouse' ? 'ALL INNER JOIN' : 'INNER JOIN'
      const kept = `probes ${join} (SELECT id AS report_id, ${col} AS value FROM reports WHERE ${rw} AND ${w.sql()}) USING (report_id)
           WHERE ${probeWhere(f, p2, this.contains)}`
      const [sums, errors] = await Promise.all([
        this.backend.query(
          `SELECT value, count(*) AS probes, ${SUMS},
             count(DISTINCT CASE WHEN status = 'fail' THEN report_id ELSE NULL END) AS failed_reports
           FROM ${kept} GROUP BY value`,
          p2,
        ),
        this.backend.query(
          `SELECT value, error_category, count(*) AS n FROM ${kept} AND status = 'fail' GROUP BY value, error_category`,
          p2,
        ),
      ])
      const byValue = new Map(items.map((i) => [i.value, i]))
      for (const s of sums) {
        const it = byValue.get(str(s.value))
        if (!it) continue
        it.probes = num(s.probes)
        it.fail = num(s.fail)
        it.warn = num(s.warn)
        it.skipped = num(s.skipped)
        it.failedReports = num(s.failed_reports)
      }
      for (const e of errors) {
        const it = byValue.get(str(e.value))
        if (it) it.errors[str(e.error_category)] = num(e.n)
      }
    }
    return { total: num(total?.n), items }
  }

  purge(beforeMs: number): Promise<void> {
    return this.backend.purge(checkedInt(Math.floor(beforeMs)))
  }

  close(): Promise<void> {
    return this.backend.close()
  }
}

/** Error categories in their vocabulary order, for a stable CSV column. */
export const errorsText = (errors: Record<string, number>): string =>
  ERROR_CATEGORIES.filter((e) => errors[e])
    .map((e) => ({ e, n: errors[e] }))
    .sort((a, b) => b.n - a.n)
    .map(({ e, n }) => `${e}:${n}`)
    .join(' ')

function listItem(r: Record<string, unknown>): ListItem {
  return {
    id: str(r.id),
    receivedAt: new Date(num(r.received_ms)).toISOString(),
    createdAt: str(r.created_at),
    app: str(r.app),
    trigger: str(r.trigger),
    kind: str(r.kind),
    complete: num(r.complete) === 1,
    platform: str(r.platform),
    networkType: str(r.network_type),
    os: str(r.os),
    system: str(r.system),
    wechatVersion: str(r.wechat_version),
    baseLibrary: str(r.base_library),
    sdk: str(r.sdk),
    runtime: str(r.runtime),
    appId: str(r.app_id),
    summary: {
      total: num(r.total),
      pass: num(r.pass),
      warn: num(r.warn),
      fail: num(r.fail),
      skipped: num(r.skipped),
    },
  }
}
