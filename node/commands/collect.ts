import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join, resolve as resolvePath } from 'node:path'
import { parse, positiveInt, UsageError } from '../args'
import type { Io } from '../io'
import { loadServerPackages, ServerPackage } from '../collect/deps'
import { ClickHouseBackend } from '../collect/clickhouse'
import { DuckWorker } from '../collect/duck-worker'
import { appLabel, createCollector, DEFAULTS, IngestKey } from '../collect/server'
import { Backend, Store } from '../collect/storage'

/** The database file when no --db is given: in the working directory. */
export const DEFAULT_DB = 'zim-netcheck-collector.duckdb'
export const DEFAULT_PORT = 8787

/** The support page: build/viewer/viewer.html in the repository, dist-cli/viewer.html in the npm package. */
const VIEWER = [join(__dirname, '..', 'viewer', 'viewer.html'), join(__dirname, 'viewer.html')]

const list = (v: unknown): string[] =>
  v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [String(v)]

/** `--ingest-key name=key` or `key`; ZIM_INGEST_KEYS holds the same, comma-separated. */
export function ingestKeys(given: string[], env: string | undefined): IngestKey[] {
  const all = [...given, ...(env ?? '').split(',')].map((s) => s.trim()).filter(Boolean)
  return all.map((s) => {
    const eq = s.indexOf('=')
    const app = eq > 0 ? s.slice(0, eq) : undefined
    const key = eq > 0 ? s.slice(eq + 1) : s
    if (key.length < 8) throw new UsageError('an ingest key has at least 8 characters')
    if (app !== undefined && !/^[\w.-]{1,64}$/.test(app))
      throw new UsageError(`ingest key name "${app}": letters, digits, . _ - only (at most 64)`)
    return { app: app ?? appLabel(key), key }
  })
}

const secret = () => randomBytes(18).toString('base64url')

/**
 * `collect`: the collector (node/collect/). Listens until SIGINT / SIGTERM, then finishes what it acknowledges,
 * closes the store and returns 0.
 */
export async function cmdCollect(argv: string[], io: Io, signal?: AbortSignal): Promise<number> {
  const { values } = parse(argv, {
    host: { type: 'string' },
    port: { type: 'string' },
    db: { type: 'string' },
    clickhouse: { type: 'string' },
    'ingest-key': { type: 'string', multiple: true },
    'read-token': { type: 'string' },
    'keep-days': { type: 'string' },
    'body-limit': { type: 'string' },
    'rate-client': { type: 'string' },
    'rate-key': { type: 'string' },
    lang: { type: 'string' },
  })
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1'
  const port = values.port === '0' ? 0 : positiveInt(values.port, 'port', DEFAULT_PORT, 65535)
  if (values.db !== undefined && values.clickhouse !== undefined)
    throw new UsageError('--db and --clickhouse cannot be used together: one store')
  const ch = typeof values.clickhouse === 'string' ? values.clickhouse : undefined
  if (ch !== undefined && !/^https?:\/\/[^\s]+$/.test(ch))
    throw new UsageError(`--clickhouse takes the server's HTTP URL (http://host:8123), got "${ch}"`)
  const db = resolvePath(typeof values.db === 'string' ? values.db : DEFAULT_DB)
  const keepDays =
    values['keep-days'] === undefined ? undefined : positiveInt(values['keep-days'], 'keep-days', 0, 36_500)
  const bodyLimit = positiveInt(values['body-limit'], 'body-limit', DEFAULTS.bodyLimit, 64 * 1024 * 1024)
  const rate = {
    perClient: positiveInt(values['rate-client'], 'rate-client', DEFAULTS.rate.perClient, 10_000_000),
    perKey: positiveInt(values['rate-key'], 'rate-key', DEFAULTS.rate.perKey, 10_000_000),
  }
  let keys = ingestKeys(list(values['ingest-key']), io.env.ZIM_INGEST_KEYS)
  let token =
    typeof values['read-token'] === 'string' ? values['read-token'] : io.env.ZIM_READ_TOKEN || undefined
  if (token !== undefined && token.length < 16)
    throw new UsageError('the read token has at least 16 characters')
  const made: string[] = []
  if (!keys.length) {
    const key = secret()
    keys = [{ app: appLabel(key), key }]
    made.push(`ingest key (for the panel and probe --send; pass --ingest-key to keep it): ${key}`)
  }
  if (!token) {
    token = secret()
    made.push(`read token (for support; pass --read-token to keep it): ${token}`)
  }

  const need: ServerPackage[] = [
    'fastify',
    '@fastify/rate-limit',
    ch ? '@clickhouse/client' : '@duckdb/node-api',
  ]
  const mods = loadServerPackages(need, { env: io.env, note: (l) => io.err(`${l}\n`) })
  let backend: Backend
  try {
    backend = ch
      ? await ClickHouseBackend.open(mods['@clickhouse/client'] as typeof import('@clickhouse/client'), ch)
      : await DuckWorker.open(db) // DuckDB on its own thread: the main thread keeps HTTP (duck-worker.ts)
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  const fastifyMod = mods.fastify as { default?: unknown }
  const rlMod = mods['@fastify/rate-limit'] as { default?: unknown }
  const app = await createCollector(
    (fastifyMod.default ?? fastifyMod) as typeof import('fastify').default,
    (rlMod.default ?? rlMod) as typeof import('@fastify/rate-limit').default,
    {
      store: new Store(backend),
      ingestKeys: keys,
      readToken: token,
      ...(keepDays ? { keepDays } : {}),
      viewerPath: VIEWER.find((p) => existsSync(p)) ?? VIEWER[0],
      bodyLimit,
      rate,
    },
  )
  let address: string
  try {
    address = await app.listen({ host, port })
  } catch (e) {
    await app.close()
    const code = (e as NodeJS.ErrnoException).code
    throw new UsageError(
      code === 'EADDRINUSE'
        ? `port ${port} on ${host} is in use: choose another with --port`
        : `cannot listen on ${host}:${port}: ${(e as Error).message}`,
    )
  }
  const where = ch ? `ClickHouse ${ch.replace(/\/\/[^@/]*@/, '//***@')}` : `DuckDB ${db}`
  io.out(
    `zim-netcheck collect: listening on ${address} (${where})${keepDays ? `, keeping ${keepDays} days` : ''}\n`,
  )
  for (const m of made) io.out(`${m}\n`)
  if (backend instanceof ClickHouseBackend)
    for (const n of backend.notes) io.err(`zim-netcheck collect: ${n}\n`)

  await new Promise<void>((done) => {
    const stop = () => done()
    if (signal) signal.addEventListener('abort', stop, { once: true })
    else {
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    }
  })
  await app.close()
  io.err('zim-netcheck collect: stopped\n')
  return 0
}
