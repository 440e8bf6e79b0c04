/**
 * A filter of the read API as SQL: WHERE bodies with named placeholders (`{name:String}`), never a request's
 * value inside the SQL text.
 */
import { DIM_COLUMN, FLEET_DIMS } from './rows'
import type { Filter, Params } from './schema'

/** Builds a WHERE clause with named placeholders. */
export class Where {
  readonly parts: string[] = []
  constructor(
    readonly params: Params,
    private readonly prefix: string,
  ) {}
  private n = 0
  bind(v: string | number, type: 'String' | 'Int64'): string {
    const name = `${this.prefix}${this.n++}`
    this.params[name] = v
    return `{${name}:${type}}`
  }
  inList(column: string, values: readonly string[]): void {
    this.parts.push(`${column} IN (${values.map((v) => this.bind(v, 'String')).join(', ')})`)
  }
  sql(): string {
    return this.parts.length ? this.parts.join(' AND ') : '1 = 1'
  }
}

/** The reports a filter keeps (report-level: dimensions, failed, time), as a WHERE body over `reports`. */
export function reportWhere(f: Filter, params: Params): string {
  const w = new Where(params, 'r')
  for (const d of FLEET_DIMS) {
    const vals = f.dims?.[d]
    if (vals?.length) w.inList(DIM_COLUMN[d], vals)
  }
  if (f.failedOnly) w.parts.push('fail > 0')
  if (f.sinceMs !== undefined) w.parts.push(`received_ms >= ${w.bind(f.sinceMs, 'Int64')}`)
  if (f.untilMs !== undefined) w.parts.push(`received_ms < ${w.bind(f.untilMs, 'Int64')}`)
  return w.sql()
}

/** The probe rows a filter counts, as a WHERE body over `probes`. `contains` is the dialect's substring test. */
export function probeWhere(f: Filter, params: Params, contains: (col: string, p: string) => string): string {
  const w = new Where(params, 'p')
  if (f.categories?.length) w.inList('category', f.categories)
  if (f.errors?.length)
    w.parts.push(
      `(status <> 'fail' OR error_category IN (${f.errors.map((e) => w.bind(e, 'String')).join(', ')}))`,
    )
  if (f.host) w.parts.push(contains('host', w.bind(f.host.toLowerCase(), 'String')))
  return w.sql()
}
