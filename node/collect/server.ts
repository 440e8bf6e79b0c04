import { createHash, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type {} from '@fastify/rate-limit'
import { toCsv } from '../../web/viewer/csv'
import { storageProblem, storageUnavailable } from './batcher'
import { DuckWorker } from './duck-worker'
import { HttpError } from './http-error'
import { Ingester, LocalIngester } from './ingester'
import { API_DIMS, parseFilter, parsePage, Query, single } from './query'
import { FleetDim } from './rows'
import { errorsText, Store } from './storage'

/*
 * The collector's HTTP API on Fastify. Writers (the panel, `probe --send`) hold an ingest key, which only
 * allows POST /v1/reports; support holds the read token, which every read needs. A report is answered 202 only
 * once the batch holding it is committed (group commit: what arrives while one batch is written goes into the
 * next); a full queue answers 503 at once, so memory stays bounded under overload. Reading, validating and
 * storing a body is the Ingester's (ingester.ts): on this thread, or on DuckDB's own thread (duck-worker.ts).
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
  /** Reports waiting to be written at most (503 above), and for how long the oldest may wait before new ones
   * are refused (503); reports per transaction at most. */
  queue?: { max: number; batch: number; maxWaitMs?: number }
  /** Slow clients (slow-loris), ms: headers, the whole request, an idle keep-alive socket, any idle socket;
   * `checkMs`: how often Node looks for requests past their time (its own default is 30 s). */
  timeouts?: Partial<Record<keyof typeof DEFAULTS.timeouts, number>>
  now?: () => number
}

export const DEFAULTS = {
  bodyLimit: 1024 * 1024,
  rate: { perClient: 600, perKey: 60_000 },
  // 100 reports a transaction: appending them holds the event loop for tens of ms, not hundreds. Half a second
  // of waiting at most: past it the store is behind, and a sender told to retry (the panel queues) is better off.
  queue: { max: 5000, batch: 100, maxWaitMs: 500 },
  timeouts: { headersMs: 10_000, requestMs: 15_000, keepAliveMs: 5_000, idleMs: 30_000, checkMs: 1_000 },
} as const

const DAY_MS = 86_400_000
const sha = (s: string) => createHash('sha256').update(s).digest()
/** Constant-time comparison of two secrets (through their hashes, so lengths do not leak either). */
const same = (a: string, b: string) => timingSafeEqual(sha(a), sha(b))

/** An app label for a key given without a name: not the key, not reversible. */
export const appLabel = (key: string) => `key-${sha(key).toString('hex').slice(0, 8)}`

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
): Promise<FastifyInstance & { batcher: Ingester }> {
  const now = o.now ?? Date.now
  const bodyLimit = o.bodyLimit ?? DEFAULTS.bodyLimit
  const rate = o.rate ?? DEFAULTS.rate
  const queue = o.queue ?? DEFAULTS.queue
  const backend = o.store.backend
  // A store on its own thread takes the bodies there; any other is read and written on this one.
  const batcher: Ingester = backend instanceof DuckWorker ? backend : new LocalIngester(o.store, queue)
  if (backend instanceof DuckWorker) backend.setLimits(queue)
  const t = { ...DEFAULTS.timeouts, ...o.timeouts }
  const app = fastify({
    logger: false,
    bodyLimit,
    // Slow clients (slow-loris): headers within 10 s, the whole request within 15 s, idle sockets closed; Node
    // looks for late requests every second (its default, 30 s, would let a byte-a-second client hold a socket
    // for up to 45 s). A late request's socket is answered 408 and closed; other sockets are not held up.
    requestTimeout: t.requestMs,
    connectionTimeout: t.idleMs,
    keepAliveTimeout: t.keepAliveMs,
    http: { headersTimeout: t.headersMs, connectionsCheckingInterval: t.checkMs },
    return503OnClosing: true,
  })
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
    // A read the store could not answer (ClickHouse down, an I/O error): 503 and one line, as for writes.
    const down = !(err.statusCode && err.statusCode >= 400) && storageUnavailable(err)
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : down ? 503 : 500
    const message =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `too large: a report is at most ${bodyLimit} bytes`
        : down
          ? `storage unavailable: ${storageProblem(err)}`
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

  // Served whatever the store does: `degraded` while writes fail (reads may still work), until a write succeeds.
  app.get('/healthz', async () => ({
    ok: batcher.lastError === undefined,
    storage: o.store.kind,
    waiting: batcher.waiting,
    ...(batcher.lastError ? { status: 'degraded', error: batcher.lastError } : {}),
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
      // A full queue refuses before the body is read or parsed: overload costs the collector little.
      if (batcher.full) throw batcher.busy()
    },
    handler: async (req, reply) => {
      const { id, duplicate } = await batcher.submit(
        typeof req.body === 'string' ? req.body : '',
        (req as FastifyRequest & { appLabel?: string }).appLabel!,
        now(),
      )
      return reply.code(duplicate ? 200 : 202).send({ id, ...(duplicate ? { duplicate: true } : {}) })
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
  const out = app as unknown as FastifyInstance & { batcher: Ingester }
  out.batcher = batcher
  return out
}
