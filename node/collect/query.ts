/** The read API's query parameters: paging and filters, each checked with a one-line 400 for a bad value. */
import { CATEGORIES, ERROR_CATEGORIES } from '../../miniprogram/core/vocabulary'
import { closestOption } from '../args'
import { HttpError } from './http-error'
import { FLEET_DIMS, FleetDim } from './rows'
import type { Filter, Page } from './storage'

export const API_DIMS: readonly FleetDim[] = FLEET_DIMS
const PAGE_KEYS = ['limit', 'offset', 'format', 'by']
const FILTER_KEYS = ['failed', 'since', 'until', 'category', 'error', 'host']
const KNOWN = [...API_DIMS, ...PAGE_KEYS, ...FILTER_KEYS]

export type Query = Record<string, string | string[] | undefined>

const values = (q: Query, k: string): string[] => {
  const v = q[k]
  const all = (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s) => s.split(','))
  const out = all.map((s) => s.trim()).filter(Boolean)
  if (out.length > 100) throw new HttpError(400, `${k}: at most 100 values`)
  if (out.some((s) => s.length > 200)) throw new HttpError(400, `${k}: a value is over 200 characters`)
  return out
}

export const single = (q: Query, k: string): string | undefined => {
  const v = q[k]
  if (Array.isArray(v)) throw new HttpError(400, `${k} given twice; give it once`)
  return v
}

function time(q: Query, k: string): number | undefined {
  const v = single(q, k)
  if (v === undefined || v === '') return undefined
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v)
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new HttpError(400, `${k}: an ISO time (2026-11-28T00:00:00Z) or milliseconds since 1970`)
  return ms
}

export function parsePage(q: Query, defLimit = 50): Page {
  const int = (k: string, def: number, max: number) => {
    const v = single(q, k)
    if (v === undefined || v === '') return def
    if (!/^\d+$/.test(v) || Number(v) > max) throw new HttpError(400, `${k}: a whole number from 0 to ${max}`)
    return Number(v)
  }
  const limit = int('limit', defLimit, 1000)
  if (limit < 1) throw new HttpError(400, 'limit: a whole number from 1 to 1000')
  return { limit, offset: int('offset', 0, 1_000_000_000) }
}

export function parseFilter(q: Query, floorMs: number | undefined): Filter {
  for (const k of Object.keys(q))
    if (!KNOWN.includes(k)) {
      const guess = closestOption(k, KNOWN)
      throw new HttpError(400, `unknown parameter ${k}${guess ? ` (did you mean ${guess}?)` : ''}`)
    }
  const f: Filter = { dims: {} }
  for (const d of API_DIMS) {
    const v = values(q, d)
    if (v.length) f.dims![d] = v
  }
  const failed = single(q, 'failed')
  if (failed !== undefined && !['', '0', '1', 'true', 'false'].includes(failed))
    throw new HttpError(400, 'failed: 1 or 0')
  f.failedOnly = failed === '1' || failed === 'true'
  const cats = values(q, 'category')
  for (const c of cats)
    if (!(CATEGORIES as readonly string[]).includes(c))
      throw new HttpError(400, `category: ${c} is not one of ${CATEGORIES.join(', ')}`)
  if (cats.length) f.categories = cats
  const errs = values(q, 'error')
  for (const e of errs)
    if (!(ERROR_CATEGORIES as readonly string[]).includes(e))
      throw new HttpError(400, `error: ${e} is not one of ${ERROR_CATEGORIES.join(', ')}`)
  if (errs.length) f.errors = errs
  const host = single(q, 'host')
  if (host !== undefined && host.length > 200) throw new HttpError(400, 'host: at most 200 characters')
  if (host) f.host = host
  const since = time(q, 'since')
  f.sinceMs = floorMs !== undefined ? Math.max(since ?? 0, floorMs) : since
  f.untilMs = time(q, 'until')
  return f
}
