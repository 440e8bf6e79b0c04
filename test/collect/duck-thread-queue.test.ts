import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { storageUnavailable } from '../../node/collect/batcher'
import { DuckWorker } from '../../node/collect/duck-worker'
import { HttpError } from '../../node/collect/http-error'
import { startCollector } from './harness'

/*
 * The main thread's side of DuckDB-on-its-own-thread (node/collect/duck-worker.ts): the queue's limits are kept
 * there (so a full queue is refused before a body is read), from the thread's "taken" messages. A stand-in thread
 * speaks the same messages and holds every report until the test says: which are taken into a batch, when they
 * are answered, or that the thread dies. The real thread is tested by the shared suite (duckdb-thread.test.ts).
 */

const STAND_IN = `
const { parentPort } = require('node:worker_threads')
const held = []
const post = (m) => parentPort.postMessage(m)
parentPort.on('message', (m) => {
  if (m.t === 'ingest') {
    if (m.body === 'bad') return post({ t: 'done', seq: m.seq, error: { message: 'not a report: bad', statusCode: 400 }, lastError: null })
    return void held.push(m)
  }
  if (m.t === 'close') return post({ t: 'done', seq: m.seq })
  if (m.t !== 'query') return
  const [what, n] = m.sql.split(' ')
  if (what === 'take') post({ t: 'taken', upTo: held[Number(n) - 1].seq })
  if (what === 'answer') for (const h of held.splice(0, Number(n))) post({ t: 'done', seq: h.seq, value: { id: 'id-' + h.body, duplicate: false }, lastError: null })
  if (what === 'fail') post({ t: 'done', seq: held.shift().seq, error: { message: 'storage unavailable: the disk is full', statusCode: 503 }, lastError: 'the disk is full' })
  if (what === 'die') process.exit(3)
  post({ t: 'done', seq: m.seq, value: [] })
})
post({ t: 'ready' })
`

let dir: string
let script: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zim-duck-thread-'))
  script = join(dir, 'stand-in.js')
  writeFileSync(script, STAND_IN)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const settled = <T>(p: Promise<T>) => {
  const s: { value?: T; error?: Error; done: boolean } = { done: false }
  p.then(
    (v) => Object.assign(s, { value: v, done: true }),
    (e: Error) => Object.assign(s, { error: e, done: true }),
  )
  return s
}
const tick = () => new Promise((r) => setTimeout(r, 10))

test('the queue is counted on the main thread: by count, by the age of the oldest not taken, a 400 leaves it', async () => {
  let now = 0
  const w = await DuckWorker.open('unused.duckdb', { script, now: () => now })
  try {
    w.setLimits({ max: 3, batch: 2, maxWaitMs: 500 })
    const bad = settled(w.submit('bad', 'app', 0))
    expect(w.waiting).toBe(1) // sent over, not answered or taken yet
    await w.query('noop')
    await tick() // the answers' promises settled
    expect(bad.error).toBeInstanceOf(HttpError)
    expect((bad.error as HttpError).statusCode).toBe(400)
    expect(w.waiting).toBe(0)
    const a = [1, 2, 3].map((i) => settled(w.submit(String(i), 'app', 0)))
    expect(w.waiting).toBe(3)
    expect(w.full).toBe(true) // 3 of 3
    await expect(w.submit('4', 'app', 0)).rejects.toMatchObject({ statusCode: 503, message: /^busy/ })
    await w.query('take 2') // a batch of two is being written: they wait no more
    expect(w.waiting).toBe(1)
    expect(w.full).toBe(false)
    now = 501 // the one left has waited too long: the store is behind
    expect(w.full).toBe(true)
    await w.query('take 3')
    expect(w.waiting).toBe(0)
    expect(w.full).toBe(false)
    await w.query('answer 3')
    await tick() // the answers' promises settled
    expect(a.map((s) => s.value)).toEqual([1, 2, 3].map((i) => ({ id: `id-${i}`, duplicate: false })))
    // A failed write: 503 for its report, and the thread's lastError is the collector's (healthz).
    const failing = settled(w.submit('5', 'app', 0))
    await w.query('fail')
    await tick() // the answers' promises settled
    expect(failing.error).toMatchObject({ statusCode: 503, message: /disk is full/ })
    expect(w.lastError).toBe('the disk is full')
    const ok = settled(w.submit('6', 'app', 0))
    await w.query('take 1')
    await w.query('answer 1')
    await tick() // the answers' promises settled
    expect(ok.value).toEqual({ id: 'id-6', duplicate: false })
    expect(w.lastError).toBeUndefined()
  } finally {
    await w.query('answer 99') // whatever a failed expectation left waiting
    await w.close()
  }
})

test('the thread dying: what waits is refused 503, reads are storage faults, healthz says degraded', async () => {
  const w = await DuckWorker.open('unused.duckdb', { script })
  const c = await startCollector(w, { queue: { max: 1, batch: 1 } })
  try {
    const first = c.post(JSON.stringify({ a: 1 }))
    for (let i = 0; i < 200 && w.waiting === 0; i++) await tick()
    expect(w.waiting).toBe(1)
    // Full: refused before the body is read, with retry-after.
    const refused = await c.post(JSON.stringify({ a: 2 }))
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBeTruthy()
    await w.query('die').catch(() => undefined)
    const r = await first
    expect(r.status).toBe(503)
    expect(((await r.json()) as { error: string }).error).toMatch(
      /^storage unavailable: the database thread stopped/,
    )
    const read = await w.query('SELECT 1').catch((e: Error) => e)
    expect(storageUnavailable(read)).toBe(true)
    const list = await c.get('/v1/reports')
    expect(list.status).toBe(503)
    expect(await (await c.get('/healthz', null)).json()).toMatchObject({ ok: false, status: 'degraded' })
  } finally {
    await c.close()
  }
})
