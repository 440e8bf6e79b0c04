import { parentPort, workerData } from 'node:worker_threads'
import { loadServerPackages } from './deps'
import type { FromThread, ToThread, WireError } from './duck-worker'
import { DuckBackend } from './duckdb'
import { LocalIngester } from './ingester'
import { Store } from './storage'

/*
 * The database thread's script (duck-worker.ts starts it; tools/build-cli.js bundles it as collect-worker.js):
 * opens the DuckDB file, then answers the main thread's messages — a report body to read and store (the same
 * LocalIngester as on one thread: validation, ids and group commit are the same code), a query, retention, close.
 */

const port = parentPort!
const post = (m: FromThread) => port.postMessage(m)

const wire = (e: unknown): WireError => {
  const err = e as (Error & { code?: unknown; statusCode?: unknown }) | null
  return {
    message: String(err?.message ?? e),
    ...(typeof err?.code === 'string' ? { code: err.code } : {}),
    ...(typeof err?.statusCode === 'number' ? { statusCode: err.statusCode } : {}),
  }
}

async function main(): Promise<void> {
  const { file } = workerData as { file: string }
  let backend: DuckBackend
  try {
    // Found as the main thread found it (never installed from here: it already was, or the main thread said so).
    const duck = loadServerPackages(['@duckdb/node-api'], {
      env: { ...process.env, ZIM_COLLECT_INSTALL: 'none' },
      note: () => undefined,
    })['@duckdb/node-api'] as typeof import('@duckdb/node-api')
    backend = await DuckBackend.open(duck, file)
  } catch (e) {
    return post({ t: 'failed', message: (e as Error).message })
  }
  const store = new Store(backend)
  let ingester: LocalIngester | undefined
  const ingesterFor = (batch: number) =>
    new LocalIngester(store, { max: Number.MAX_SAFE_INTEGER, batch }, (upTo) => post({ t: 'taken', upTo }))
  // /healthz: the last write's failure, or why batches acknowledged from the journal are not stored yet.
  const health = () =>
    ingester?.lastError ??
    (backend.backlogError ? `journaled reports not stored yet: ${backend.backlogError}` : null)
  const answer = (seq: number, p: Promise<unknown>, withHealth = false) =>
    p.then(
      (value) => post({ t: 'done', seq, value, ...(withHealth ? { lastError: health() } : {}) }),
      (e: unknown) =>
        post({
          t: 'done',
          seq,
          error: wire(e),
          ...(withHealth ? { lastError: health() } : {}),
        }),
    )

  port.on('message', (m: ToThread) => {
    switch (m.t) {
      case 'limits':
        ingester ??= ingesterFor(m.batch)
        return
      case 'ingest':
        ingester ??= ingesterFor(100)
        return void answer(m.seq, ingester.submit(m.body, m.app, m.receivedMs, m.seq), true)
      case 'query':
        return void answer(m.seq, backend.query(m.sql, m.params))
      case 'write':
        return void answer(m.seq, backend.write(m.reports, m.probes))
      case 'purge':
        return void answer(m.seq, backend.purge(m.ms))
      case 'settled':
        return void answer(m.seq, backend.settled())
      case 'close':
        return void answer(
          m.seq,
          (async () => {
            await ingester?.idle()
            await backend.close()
          })(),
        )
    }
  })
  post({ t: 'ready' })
}

void main()
