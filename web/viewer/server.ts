import { BreakdownRow, DIMENSIONS, FleetFilter, Matrix } from '../../miniprogram/core/fleet'
import { Category } from '../../miniprogram/core/vocabulary'
import { intakeMessage } from './intake'
import { addFetched, changed, state, subscribe } from './state'
import { SERVER_STRINGS, ServerStrings } from './server-strings'
import { fill } from './strings'

/*
 * The 服务器 / Server tab's state and requests, when the page was served by `zim-netcheck collect` (over http(s),
 * not opened from a file). Only ever fetches this page's own origin's /v1/ API (the page's CSP allows
 * connect-src 'self' and nothing else). The read token is kept in sessionStorage, sent as a bearer header, and
 * never put in a URL. The fleet filters are the offline view's (state.filter), mapped to the API's parameters.
 */

export const PAGE_SIZE = 20
const TOKEN_KEY = 'zim-netcheck-read-token'
/** The breakdowns shown: core's dimensions, then the collector's own. */
export const SERVER_DIMS = [...DIMENSIONS, 'app', 'day', 'trigger'] as const
export type ServerDim = (typeof SERVER_DIMS)[number]

export interface ListItem {
  id: string
  receivedAt: string
  createdAt: string
  platform: string
  os: string
  networkType: string
  sdk: string
  /** `manual`, or `sentinel:<kind>`: a run zim-netcheck/sentinel started. */
  trigger: string
  summary: { total: number; pass: number; warn: number; fail: number; skipped: number }
}

interface FleetAnswer {
  reports: number
  categories: Category[]
  matrix: { total: number; items: Matrix['rows'] }
  breakdowns: Record<ServerDim, { total: number; items: BreakdownRow[] }>
}

export interface ServerState {
  token: string
  /** One line: the last request's failure. */
  error: string
  loading: boolean
  /** The fleet as filtered, and unfiltered (the filters' values). */
  fleet?: FleetAnswer
  all?: FleetAnswer
  list?: { total: number; offset: number; items: ListItem[] }
}

export const server: ServerState = { token: '', error: '', loading: false }

export const serverStrings = (): ServerStrings => SERVER_STRINGS[state.lang]

/** True when the page came from a collector (http or https), not from a file. */
export const servedByCollector = () => /^https?:$/.test(location.protocol)

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`/v1/${path}`, {
    headers: { authorization: `Bearer ${server.token}`, accept: 'application/json' },
    cache: 'no-store',
    credentials: 'omit',
  })
  let body: unknown
  try {
    body = await res.json()
  } catch {
    body = undefined
  }
  if (!res.ok) {
    const msg = (body as { error?: unknown } | undefined)?.error
    throw new Refused(res.status, typeof msg === 'string' ? msg : res.statusText)
  }
  return body as T
}

function errorLine(e: unknown): string {
  const s = serverStrings()
  if (e instanceof Refused) {
    const msg = e.message.replace(/\s+/g, ' ').slice(0, 200)
    return e.status === 401 || e.status === 403
      ? fill(s.wrongToken, { code: e.status })
      : fill(s.failedRequest, { code: e.status, msg })
  }
  return fill(s.network, { msg: (e as Error)?.message ?? String(e) })
}

/** The offline filter as the API's query parameters (dimension values comma-joined, as the API reads them). */
export function filterQuery(f: FleetFilter): URLSearchParams {
  const q = new URLSearchParams()
  for (const d of DIMENSIONS) {
    const v = f.dims?.[d]
    if (v?.length) q.set(d, v.join(','))
  }
  if (f.failedOnly) q.set('failed', '1')
  if (f.categories?.length) q.set('category', f.categories.join(','))
  if (f.errors?.length) q.set('error', f.errors.join(','))
  const host = (f.host ?? '').trim()
  if (host) q.set('host', host)
  return q
}

let asked = ''
let generation = 0
/** Report openings counted apart: opening one never cancels the fleet's reading. */
let opening = 0

/** Reads the fleet and the list's page at `offset` for the current filters; a newer call wins. */
async function load(offset: number, withAll: boolean) {
  const q = filterQuery(state.filter)
  asked = q.toString()
  const mine = ++generation
  changed(() => ((server.loading = true), (server.error = '')))
  try {
    const lq = new URLSearchParams(q)
    lq.set('limit', String(PAGE_SIZE))
    lq.set('offset', String(offset))
    const fq = new URLSearchParams(q)
    fq.set('limit', '500')
    const [fleet, list, all] = await Promise.all([
      api<FleetAnswer>(`fleet?${fq.toString()}`),
      api<{ total: number; items: ListItem[] }>(`reports?${lq.toString()}`),
      withAll ? api<FleetAnswer>('fleet') : Promise.resolve(server.all),
    ])
    if (mine !== generation) return
    changed(() => Object.assign(server, { fleet, all, list: { ...list, offset }, loading: false }))
  } catch (e) {
    if (mine !== generation) return
    changed(() => Object.assign(server, { error: errorLine(e), loading: false }))
  }
}

/** Keeps the token for this tab (sessionStorage) and reads the fleet. */
export function connect(token: string) {
  server.token = token.trim()
  if (!server.token) return
  try {
    sessionStorage.setItem(TOKEN_KEY, server.token)
  } catch {
    // Storage refused (private mode): the token lasts until the page is closed.
  }
  void load(0, true)
}

export function forget() {
  try {
    sessionStorage.removeItem(TOKEN_KEY)
  } catch {
    // nothing kept
  }
  generation++
  changed(() =>
    Object.assign(server, {
      token: '',
      error: '',
      loading: false,
      fleet: undefined,
      all: undefined,
      list: undefined,
    }),
  )
}

export const refresh = () => void load(server.list?.offset ?? 0, true)

export function page(delta: number) {
  const l = server.list
  if (!l) return
  const offset = Math.max(0, l.offset + delta * PAGE_SIZE)
  if (offset >= l.total && delta > 0) return
  void load(offset, false)
}

/** Opens one report in the single view (the existing report view reads it like a pasted report). */
export async function openReport(it: ListItem) {
  const mine = ++opening
  try {
    const got = await api<{ report: unknown }>(`reports/${encodeURIComponent(it.id)}`)
    if (mine !== opening) return
    const refused = addFetched(
      `${it.receivedAt.slice(0, 19)}Z ${it.id.slice(0, 8)}`,
      JSON.stringify(got.report),
    )
    if (refused)
      changed(
        () => (server.error = fill(serverStrings().badReport, { msg: intakeMessage(refused, state.lang) })),
      )
  } catch (e) {
    if (mine === opening) changed(() => (server.error = errorLine(e)))
  }
}

/** Server mode: the 服务器 tab first, a token kept from earlier in this tab used at once, and the fleet read
 * again (from the first page) whenever the filters change. */
export function startServerMode() {
  if (!servedByCollector()) return
  let kept = ''
  try {
    kept = sessionStorage.getItem(TOKEN_KEY) ?? ''
  } catch {
    kept = ''
  }
  subscribe(() => {
    if (!server.token || state.tab !== 'server') return
    if (filterQuery(state.filter).toString() !== asked) void load(0, false)
  })
  changed((s) => (s.tab = s.entries.length ? s.tab : 'server'))
  if (kept) connect(kept)
}
