import { createHash, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type {} from '@fastify/rate-limit'
import { CATEGORIES, ERROR_CATEGORIES } from '../../miniprogram/core/vocabulary'
import { toCsv } from '../../web/viewer/csv'
import { closestOption } from '../args'
import { readBody } from './intake'
import { FLEET_DIMS, FleetDim, Ingest, toRows } from './rows'
import { errorsText, Filter, Page, Store } from './storage'

/*
 * The collector's HTTP API on Fastify. Writers (the panel, `probe --send`) hold an ingest key, which only
 * allows POST /v1/reports; support holds the read token, which every read needs. A report is answered 202 only
 * once the batch holding it is committed (group commit: what arrives while one batch is written goes into the
 * next); a full queue answers 503 at once, so memory stays bounded under overload.
 */

export interface IngestKey {
  /** Stored with each report (`app`): the name given as `--ingest-key name=key`, else a hash of the key. */
  app: string
  key: string
}

export interface CollectorOptions {
  store: Store
  ingestKeys: readonly IngestKey[]
  readToken: string
  /** Reports older than this are not read and are deleted (hourly). */
  keepDays?: number
  /** The support page served at `/`. */
  viewerPath?: string
  /** Largest body accepted, bytes (413 above). */
  bodyLimit?: number
  /** Requests per minute: per client address, and per ingest key. */
  rate?: { perClient: number; perKey: number }
  /** Reports waiting to be written at most (503 above); reports per transaction at most. */
  queue?: { max: number; batch: number }
  now?: () => number
}

export const DEFAULTS = {
  bodyLimit: 1024 * 1024,
  rate: { perClient: 600, perKey: 60_000 },
  queue: { max: 5000, batch: 500 },
} as const

const DAY_MS = 86_400_000
const sha = (s: string) => createHash('sha256').update(s).digest()
/** Constant-time comparison of two secrets (through their hashes, so lengths do not leak either). */
const same = (a: string, b: string) => timingSafeEqual(sha(a), sha(b))

/** An app label for a key given without a name: not the key, not reversible. */
export const appLabel = (key: string) => `key-${sha(key).toString('hex').slice(0, 8)}`

class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
  }
}

interface Pending {
  ing: Ingest
  resolve: (duplicate: boolean) => void
  reject: (e: Error) => void
}

/** Group commit: one transaction per batch of waiting reports; each caller learns when its own is stored. */
export class Batcher {
  private queue: Pending[] = []
  private running = false
  /** The last batch's write failed: shown by /healthz. */
  lastError: string | undefined

  constructor(
    private readonly store: Store,
    private readonly limits: { max: number; batch: number },
  ) {}

  get waiting() {
    return this.queue.length
  }

  add(ing: Ingest): Promise<boolean> {
    if (this.queue.length >= this.limits.max)
      return Promise.reject(new HttpError(503, 'busy: too many reports waiting to be stored; retry later'))
    return new Promise((resolve, reject) => {
      this.queue.push({ ing, resolve, reject })
      if (!this.running) void this.drain()
    })
  }

  private async drain(): Promise<void> {
    this.running = true
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.limits.batch)
      try {
        const existing = await this.store.insert(batch.map((p) => p.ing))
        this.lastError = undefined
        const seen = new Set<string>()
        for (const p of batch) {
          p.resolve(existing.has(p.ing.id) || seen.has(p.ing.id))
          seen.add(p.ing.id)
        }
      } catch (e) {
        this.lastError = String((e as Error).message ?? e).split('\n')[0]
        const err = new HttpError(503, `storage unavailable: ${this.lastError}`)
        for (const p of batch) p.reject(err)
      }
    }
    this.running = false
  }

  /** Resolves once nothing is waiting or being written. */
  async idle(): Promise<void> {
    while (this.running) await new Promise((r) => setImmediate(r))
  }
}

/** Query parameters the read API takes; anything else is refused with its name. */
const API_DIMS: readonly FleetDim[] = FLEET_DIMS
const PAGE_KEYS = ['limit', 'offset', 'format', 'by']
const FILTER_KEYS = ['failed', 'since', 'until', 'category', 'error', 'host']
const KNOWN = [...API_DIMS, ...PAGE_KEYS, ...FILTER_KEYS]

type Query = Record<string, string | string[] | undefined>

const values = (q: Query, k: string): string[] => {
  const v = q[k]
  const all = (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s) => s.split(','))
  const out = all.map((s) => s.trim()).filter(Boolean)
  if (out.length > 100) throw new HttpError(400, `${k}: at most 100 values`)
  if (out.some((s) => s.length > 200)) throw new HttpError(400, `${k}: a value is over 200 characters`)
  return out
}

const single = (q: Query, k: string): string | undefined => {
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

const wantsCsv = (req: FastifyRequest) =>
  (req.query as Query).format === 'csv' || /\btext\/csv\b/i.test(req.headers.accept ?? '')

function sendCsv(reply: FastifyReply, name: string, rows: (string | number)[][]) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(toCsv(rows))
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 300)

type FastifyFactory = typeof import('fastify').default
type RateLimitPlugin = typeof import('@fastify/rate-limit').default

/** Builds the collector (not listening yet). `close()` stops the retention timer and closes the store. */
export async function createCollector(
  fastify: FastifyFactory,
  rateLimit: RateLimitPlugin,
  o: CollectorOptions,
): Promise<FastifyInstance & { batcher: Batcher }> {
  const now = o.now ?? Date.now
  const bodyLimit = o.bodyLimit ?? DEFAULTS.bodyLimit
  const rate = o.rate ?? DEFAULTS.rate
  const batcher = new Batcher(o.store, o.queue ?? DEFAULTS.queue)
  const app = fastify({
    logger: false,
    bodyLimit,
    // Slow clients (slow-loris): headers within 10 s, the whole request within 15 s, idle sockets closed.
    requestTimeout: 15_000,
    connectionTimeout: 30_000,
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
  })
  app.server.headersTimeout = 10_000
  const floor = () => (o.keepDays ? now() - o.keepDays * DAY_MS : undefined)

  await app.register(rateLimit, { global: false })
  const perClient = app.createRateLimit({ max: rate.perClient, timeWindow: 60_000 })
  const perKey = app.createRateLimit({
    max: rate.perKey,
    timeWindow: 60_000,
    keyGenerator: (req) => `key:${(req as FastifyRequest & { appLabel?: string }).appLabel ?? ''}`,
  })
  const limited = async (
    check: typeof perClient,
    req: FastifyRequest,
    reply: FastifyReply,
    who: string,
  ): Promise<boolean> => {
    const r = await check(req)
    if (r.isAllowed || !r.isExceeded) return false
    await reply
      .code(429)
      .header('retry-after', String(r.ttlInSeconds))
      .send({
        error: `rate limited (${who}: at most ${r.max} reports a minute); retry in ${r.ttlInSeconds} s`,
      })
    return true
  }

  // Bodies are read as text: intake.ts checks them (depth before parsing, then core's validators).
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body))

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500
    const message =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `too large: a report is at most ${bodyLimit} bytes`
        : status === 500
          ? `internal error: ${oneLine(err.message)}`
          : oneLine(err.message)
    if (status === 503) reply.header('retry-after', '1')
    void reply.code(status).send({ error: message })
  })
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: `no such endpoint: ${req.method} ${oneLine(req.url.split('?')[0])}` })
  })

  const readAuth = async (req: FastifyRequest, reply: FastifyReply) => {
    const h = req.headers.authorization
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h ?? '')
    if (!m) {
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'missing read token: Authorization: Bearer <token>' })
      return reply
    }
    if (!same(m[1], o.readToken)) {
      await reply.code(403).send({ error: 'wrong read token' })
      return reply
    }
  }

  app.get('/healthz', async () => ({
    ok: batcher.lastError === undefined,
    storage: o.store.kind,
    waiting: batcher.waiting,
    ...(batcher.lastError ? { error: batcher.lastError } : {}),
  }))

  app.get('/', async (_req, reply) => {
    let html: string
    try {
      html = readFileSync(o.viewerPath ?? '', 'utf8')
    } catch {
      throw new HttpError(404, 'the support page is not built here (npm run build:viewer)')
    }
    return reply.header('content-type', 'text/html; charset=utf-8').send(html)
  })

  app.post('/v1/reports', {
    onRequest: async (req, reply) => {
      if (await limited(perClient, req, reply, 'this client')) return reply
      const given = req.headers['x-zim-app-key']
      if (typeof given !== 'string' || given === '') {
        await reply.code(401).send({ error: 'missing ingest key: X-Zim-App-Key: <key>' })
        return reply
      }
      const k = o.ingestKeys.find((x) => same(x.key, given))
      if (!k) {
        await reply.code(403).send({ error: 'unknown ingest key' })
        return reply
      }
      ;(req as FastifyRequest & { appLabel?: string }).appLabel = k.app
      if (await limited(perKey, req, reply, `app ${k.app}`)) return reply
    },
    handler: async (req, reply) => {
      const read = readBody(typeof req.body === 'string' ? req.body : '')
      if (!read.ok) throw new HttpError(400, read.error)
      const ing = toRows(read.report, {
        kind: read.kind,
        complete: read.complete,
        summary: read.summary,
        app: (req as FastifyRequest & { appLabel?: string }).appLabel!,
        receivedMs: now(),
      })
      const duplicate = await batcher.add(ing)
      return reply.code(duplicate ? 200 : 202).send({ id: ing.id, ...(duplicate ? { duplicate: true } : {}) })
    },
  })

  app.get('/v1/reports', { onRequest: readAuth }, async (req, reply) => {
    const q = req.query as Query
    const page = parsePage(q)
    const f = parseFilter(q, floor())
    const out = await o.store.list(f, page)
    if (!wantsCsv(req)) return out
    const cols = [
      'id',
      'receivedAt',
      'createdAt',
      'app',
      'kind',
      'complete',
      'platform',
      'networkType',
      'os',
      'system',
      'wechatVersion',
      'baseLibrary',
      'sdk',
      'runtime',
      'appId',
    ] as const
    return sendCsv(reply, 'reports', [
      [...cols, 'total', 'pass', 'warn', 'fail', 'skipped'],
      ...out.items.map((it) => [
        ...cols.map((c) => String(it[c])),
        it.summary.total,
        it.summary.pass,
        it.summary.warn,
        it.summary.fail,
        it.summary.skipped,
      ]),
    ])
  })

  app.get('/v1/reports/:id', { onRequest: readAuth }, async (req) => {
    const { id } = req.params as { id: string }
    const found = /^[0-9a-f]{32}$/.test(id) ? await o.store.get(id) : undefined
    const fl = floor()
    if (!found || (fl !== undefined && Date.parse(found.receivedAt) < fl))
      throw new HttpError(404, 'no report with this id')
    return found
  })

  app.get('/v1/fleet', { onRequest: readAuth }, async (req, reply) => {
    const q = req.query as Query
    const by = single(q, 'by')
    if (by !== undefined && by !== 'host' && !(API_DIMS as readonly string[]).includes(by))
      throw new HttpError(400, `by: host or one of ${API_DIMS.join(', ')}`)
    const f = parseFilter(q, floor())
    if (by && by !== 'host') {
      const out = await o.store.breakdown(f, by as FleetDim, parsePage(q))
      if (!wantsCsv(req)) return { by, ...out }
      return sendCsv(reply, `fleet-${by}`, [
        [by, 'reports', 'failedReports', 'probes', 'fail', 'warn', 'skipped', 'errors'],
        ...out.items.map((r) => [
          r.value,
          r.reports,
          r.failedReports,
          r.probes,
          r.fail,
          r.warn,
          r.skipped,
          errorsText(r.errors),
        ]),
      ])
    }
    const page = parsePage(q)
    const matrix = await o.store.matrix(f, page)
    if (wantsCsv(req)) {
      const rows: (string | number)[][] = [['host', 'category', 'ran', 'fail', 'warn', 'skipped', 'errors']]
      for (const r of matrix.items)
        for (const c of matrix.categories) {
          const cell = r.cells[c]
          if (cell)
            rows.push([r.host, c, cell.ran, cell.fail, cell.warn, cell.skipped, errorsText(cell.errors)])
        }
      return sendCsv(reply, 'fleet-matrix', rows)
    }
    if (by === 'host') return { by, ...matrix }
    // Everything the fleet page opens with: the matrix's first page and each breakdown's first 20 values.
    const breakdowns: Record<string, unknown> = {}
    for (const d of API_DIMS) breakdowns[d] = await o.store.breakdown(f, d, { limit: 20, offset: 0 })
    const { reports, categories, total, items } = matrix
    return { reports, categories, matrix: { total, items }, breakdowns }
  })

  let timer: NodeJS.Timeout | undefined
  if (o.keepDays) {
    const purge = () =>
      void o.store.purge(now() - o.keepDays! * DAY_MS).catch((e: Error) => {
        batcher.lastError = `retention: ${oneLine(e.message)}`
      })
    purge()
    timer = setInterval(purge, 3_600_000)
    timer.unref()
  }
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer)
    await batcher.idle()
    await o.store.close()
  })
  const out = app as unknown as FastifyInstance & { batcher: Batcher }
  out.batcher = batcher
  return out
}
