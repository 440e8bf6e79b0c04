import fastify from 'fastify'
import rateLimit from '@fastify/rate-limit'
import * as duck from '@duckdb/node-api'
import * as clickhouse from '@clickhouse/client'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClickHouseBackend } from '../../node/collect/clickhouse'
import { DuckBackend } from '../../node/collect/duckdb'
import { DuckWorker, WORKER_SCRIPT } from '../../node/collect/duck-worker'
import { CollectorOptions, createCollector } from '../../node/collect/server'
import { Backend, Store } from '../../node/collect/storage'
import { ClickHouseServer, ensureClickHouse, startClickHouse } from '../helpers/clickhouse'

export const KEY = 'ingest-key-app1'
export const KEY2 = 'ingest-key-app2'
export const TOKEN = 'read-token-0123456789abcdef'

/** A back-end the shared suite runs on: a fresh store each time `open()` is called. */
export interface BackendKind {
  name: 'duckdb' | 'clickhouse'
  /** null: this back-end cannot run here (said once, in one line). */
  setup: () => Promise<string | null>
  open: () => Promise<Backend>
  /** The last opened store again (a restarted collector). */
  reopen: () => Promise<Backend>
  teardown: () => Promise<void>
}

export function duckKind(): BackendKind {
  let dir = ''
  let n = 0
  return {
    name: 'duckdb',
    setup: async () => {
      dir = mkdtempSync(join(tmpdir(), 'zim-collect-'))
      return null
    },
    open: () => DuckBackend.open(duck, join(dir, `db${++n}.duckdb`)),
    reopen: () => DuckBackend.open(duck, join(dir, `db${n}.duckdb`)),
    teardown: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** The database thread's script as `collect` runs it: the built CLI's (npm test builds it first). */
export const WORKER_FILE = join(__dirname, '..', '..', 'build', 'cli', WORKER_SCRIPT)

/** DuckDB on its own thread, as `zim-netcheck collect` runs it (node/collect/duck-worker.ts). */
export function duckThreadKind(): BackendKind {
  let dir = ''
  let n = 0
  return {
    name: 'duckdb',
    setup: async () => {
      if (!existsSync(WORKER_FILE)) throw new Error(`${WORKER_FILE} is not built: npm run build:cli`)
      dir = mkdtempSync(join(tmpdir(), 'zim-collect-'))
      return null
    },
    open: () => DuckWorker.open(join(dir, `db${++n}.duckdb`), { script: WORKER_FILE }),
    reopen: () => DuckWorker.open(join(dir, `db${n}.duckdb`), { script: WORKER_FILE }),
    teardown: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

export function clickhouseKind(): BackendKind {
  let server: ClickHouseServer | undefined
  let n = 0
  return {
    name: 'clickhouse',
    setup: async () => {
      const has = ensureClickHouse()
      if (!has.ok) return has.why
      server = await startClickHouse(has.binary)
      return null
    },
    open: async () => {
      // One database per store: each test starts empty.
      const db = `t${++n}_${process.pid}`
      const admin = clickhouse.createClient({ url: server!.url })
      await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` })
      await admin.close()
      return ClickHouseBackend.open(clickhouse, `${server!.url}/${db}`)
    },
    reopen: () => ClickHouseBackend.open(clickhouse, `${server!.url}/t${n}_${process.pid}`),
    teardown: async () => server?.stop(),
  }
}

export interface Running {
  url: string
  store: Store
  app: Awaited<ReturnType<typeof createCollector>>
  close: () => Promise<void>
  post: (body: string, key?: string | null, headers?: Record<string, string>) => Promise<Response>
  get: (path: string, token?: string | null, headers?: Record<string, string>) => Promise<Response>
}

export async function startCollector(backend: Backend, o: Partial<CollectorOptions> = {}): Promise<Running> {
  const store = new Store(backend)
  const app = await createCollector(fastify, rateLimit, {
    store,
    ingestKeys: [
      { app: 'app1', key: KEY },
      { app: 'app2', key: KEY2 },
    ],
    readToken: TOKEN,
    ...o,
  })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    url,
    store,
    app,
    close: () => app.close(),
    post: (body, key = KEY, headers = {}) =>
      fetch(`${url}/v1/reports`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...(key ? { 'x-zim-app-key': key } : {}), ...headers },
      }),
    get: (path, token = TOKEN, headers = {}) =>
      fetch(`${url}${path}`, {
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      }),
  }
}
