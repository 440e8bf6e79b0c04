import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as duck from '@duckdb/node-api'
import { DuckBackend } from '../../node/collect/duckdb'
import { Journal } from '../../node/collect/journal'
import { toRows } from '../../node/collect/rows'
import { Store } from '../../node/collect/storage'
import { fleetReport } from './shared-suite'

/*
 * DuckDB's checkpoints never hold a report (node/collect/duckdb.ts CHECKPOINT_BYTES): while one runs, batches are
 * made durable in the journal and acknowledged, then stored in DuckDB after it, each report once. A collector
 * stopped with batches in its journal stores them when it opens the file again.
 */

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zim-duck-checkpoint-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let n = 0
const ing = (k: number) => {
  const r = { ...fleetReport(k % 24), createdAt: new Date(Date.UTC(2026, 3, 1) + k).toISOString() }
  return toRows(r, { kind: 'json', complete: true, summary: r.summary, app: 'a', receivedMs: 2_000_000 + k })
}
/** Counts read on the read connection directly: what DuckDB holds now, without waiting for the journal. */
const held = async (b: DuckBackend) => {
  const reader = (b as unknown as { reader: duck.DuckDBConnection }).reader
  const r = await reader.runAndReadAll(
    'SELECT (SELECT count(*) FROM reports) AS reports, (SELECT count(*) FROM probes) AS probes, (SELECT count(DISTINCT id) FROM reports) AS ids',
  )
  const [row] = r.getRowObjectsJson()
  return { reports: Number(row.reports), probes: Number(row.probes), ids: Number(row.ids) }
}
const probesOf = (ks: number[]) => ks.reduce((s, k) => s + ing(k).probes.length, 0)

test('a running checkpoint holds no batch: those written meanwhile are acknowledged from the journal, then stored once each', async () => {
  const file = join(dir, `c${++n}.duckdb`)
  let release!: () => void
  const gate = new Promise<void>((r) => (release = r))
  let checkpoints = 0
  const b = await DuckBackend.open(duck, file, {
    checkpointBytes: 1, // every commit's WAL is over it: the first commit starts one
    checkpoint: async (run) => {
      checkpoints++
      await gate
      await run()
    },
  })
  const store = new Store(b)
  try {
    await store.insert([ing(0)])
    expect(checkpoints).toBe(1)
    // The checkpoint is held open: these are acknowledged all the same (a duplicate among them).
    await store.insert([ing(1), ing(2)])
    await store.insert([ing(3)])
    await store.insert([ing(1)])
    expect(Journal.read(`${file}.journal`).map((x) => x.reports.map((r) => r.id))).toEqual([
      [ing(1).id, ing(2).id],
      [ing(3).id],
      [ing(1).id],
    ])
    expect(await held(b)).toEqual({ reports: 1, probes: probesOf([0]), ids: 1 })
    release()
    // The store's reads wait for the journaled batches to be in DuckDB.
    expect(await store.count({})).toBe(4)
    expect(await held(b)).toEqual({ reports: 4, probes: probesOf([0, 1, 2, 3]), ids: 4 })
    expect(statSync(`${file}.journal`).size).toBe(0)
    // Writes go to DuckDB again (and start the next checkpoint).
    await store.insert([ing(4)])
    expect(checkpoints).toBe(2)
  } finally {
    await b.close()
  }
  const again = await DuckBackend.open(duck, file)
  expect(await held(again)).toEqual({ reports: 5, probes: probesOf([0, 1, 2, 3, 4]), ids: 5 })
  await again.close()
})

test('a collector stopped with batches in its journal stores them on the next open: each report once, a line cut short left out', async () => {
  const file = join(dir, `c${++n}.duckdb`)
  const first = await DuckBackend.open(duck, file)
  await new Store(first).insert([ing(10)])
  await first.close()
  const line = (ks: number[]) =>
    JSON.stringify({ reports: ks.map((k) => ing(k).report), probes: ks.flatMap((k) => ing(k).probes) }) + '\n'
  // Stored already (stored, then killed before the journal was emptied), new, new with a repeat, cut short.
  const cut = line([13]).slice(0, 500)
  writeFileSync(`${file}.journal`, line([10]) + line([11]) + line([11, 12]) + cut)
  expect(Journal.read(`${file}.journal`)).toHaveLength(3)
  const b = await DuckBackend.open(duck, file)
  try {
    expect(await held(b)).toEqual({ reports: 3, probes: probesOf([10, 11, 12]), ids: 3 })
    expect(readFileSync(`${file}.journal`, 'utf8')).toBe('')
  } finally {
    await b.close()
  }
})

test('a checkpoint DuckDB refuses: the batches journaled meanwhile are stored, and writes go on', async () => {
  const file = join(dir, `c${++n}.duckdb`)
  // The first checkpoint is refused when the test says so; later ones run.
  let refuse!: () => void
  const refused = new Promise<void>((r) => (refuse = r))
  let tries = 0
  const b = await DuckBackend.open(duck, file, {
    checkpointBytes: 1,
    checkpoint: async (run) => {
      if (++tries === 1) {
        await refused
        throw new Error('TransactionContext Error: Cannot CHECKPOINT: there are other write transactions')
      }
      await run()
    },
  })
  const store = new Store(b)
  try {
    await store.insert([ing(20)])
    await store.insert([ing(21)]) // while the checkpoint, to be refused, is still running: journaled
    expect(Journal.read(`${file}.journal`)).toHaveLength(1)
    refuse()
    await store.insert([ing(22)])
    expect(await store.count({})).toBe(3)
    expect(await held(b)).toEqual({ reports: 3, probes: probesOf([20, 21, 22]), ids: 3 })
  } finally {
    await b.close()
  }
})

test('a checkpoint that ends while a batch is being journaled: that batch and the next are stored, the journal emptied', async () => {
  // A checkpoint after every commit (the WAL is always over 1 byte), ending on the next turn of the event loop:
  // while the next batch is being written to the journal.
  const file = join(dir, `c${++n}.duckdb`)
  const b = await DuckBackend.open(duck, file, {
    checkpointBytes: 1,
    checkpoint: () => new Promise((r) => setImmediate(r)),
  })
  const store = new Store(b)
  try {
    const ks = Array.from({ length: 40 }, (_, i) => 40 + i)
    for (const k of ks) await store.insert([ing(k)])
    expect(await store.count({})).toBe(ks.length)
    expect(await held(b)).toEqual({ reports: ks.length, probes: probesOf(ks), ids: ks.length })
    expect(statSync(`${file}.journal`).size).toBe(0)
  } finally {
    await b.close()
  }
})

test('journaled batches DuckDB cannot store: new reports are refused until it can, then stored again', async () => {
  const file = join(dir, `c${++n}.duckdb`)
  let release!: () => void
  const gate = new Promise<void>((r) => (release = r))
  const b = await DuckBackend.open(duck, file, { checkpointBytes: 1, checkpoint: (run) => gate.then(run) })
  const store = new Store(b)
  const inner = b as unknown as { commitRows: (...a: unknown[]) => Promise<void> }
  const real = inner.commitRows
  try {
    await store.insert([ing(90)])
    await store.insert([ing(91)]) // journaled: the checkpoint is held
    inner.commitRows = () => Promise.reject(new Error('IO Error: injected: the disk is full'))
    release()
    await b.settled()
    expect(b.backlogError).toMatch(/injected/)
    await expect(store.insert([ing(92)])).rejects.toThrow(/injected/)
    inner.commitRows = real
    await store.insert([ing(93)]) // the journaled batch is tried again first, and stored
    expect(b.backlogError).toBeUndefined()
    expect(await held(b)).toEqual({ reports: 3, probes: probesOf([90, 91, 93]), ids: 3 })
  } finally {
    inner.commitRows = real
    await b.close()
  }
})
