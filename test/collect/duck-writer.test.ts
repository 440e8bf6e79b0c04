import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as duck from '@duckdb/node-api'
import { DuckBackend } from '../../node/collect/duckdb'
import { ProbeRow, toRows } from '../../node/collect/rows'
import { Store } from '../../node/collect/storage'
import { fleetReport } from './shared-suite'

/*
 * DuckDB's writer (node/collect/duckdb.ts): the next transaction is begun as soon as one commits, before any
 * write asks for it, and DuckDB runs on one thread except while a read runs. What must hold whatever the timing:
 * a committed batch is in the file and nothing else is (a failed batch, the transaction begun ahead and ended at
 * close), a purge is one transaction of its own, and every read has both threads.
 */

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zim-duck-writer-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let n = 0
const ing = (k: number, receivedMs = 1_000_000 + k) => {
  const r = { ...fleetReport(k % 24), createdAt: new Date(Date.UTC(2026, 2, 1) + k).toISOString() }
  return toRows(r, { kind: 'json', complete: true, summary: r.summary, app: 'a', receivedMs })
}
const counts = async (b: DuckBackend) => {
  const [r] = await b.query(
    'SELECT (SELECT count(*) FROM reports) AS reports, (SELECT count(*) FROM probes) AS probes',
  )
  return { reports: Number(r.reports), probes: Number(r.probes) }
}
const expected = (ks: number[]) => ({
  reports: ks.length,
  probes: ks.reduce((s, k) => s + ing(k).probes.length, 0),
})
/** DuckDB's threads as the writer leaves them, read on the read connection without a read's own setting. */
const threadsNow = async (b: DuckBackend) => {
  const inner = b as unknown as { threads: Promise<unknown>; reader: duck.DuckDBConnection }
  await inner.threads
  const r = await inner.reader.runAndReadAll("SELECT current_setting('threads') AS t")
  return Number(r.getRowObjectsJson()[0].t)
}

test('batches committed one after another, a failed one between them, close right after a commit: the file holds the committed ones', async () => {
  const file = join(dir, `w${++n}.duckdb`)
  const b = await DuckBackend.open(duck, file)
  const store = new Store(b)
  await store.insert([ing(0), ing(1)])
  await store.insert([ing(2)])
  // A batch failing half-way through its probe rows (a row that throws while appended) is rolled back whole.
  const bad = ing(3)
  const probes = bad.probes.map((p, i) =>
    i === 7
      ? (Object.defineProperty({ ...p }, 'host', {
          get() {
            throw new Error('IO Error: injected half-way')
          },
        }) as ProbeRow)
      : p,
  )
  await expect(store.insert([{ ...bad, probes }])).rejects.toThrow(/injected/)
  // The next batch begins a transaction of its own and commits.
  await store.insert([ing(4), ing(5)])
  expect(await counts(b)).toEqual(expected([0, 1, 2, 4, 5]))
  await b.close() // a transaction was begun ahead after the last commit: ended, nothing in it
  const again = await DuckBackend.open(duck, file)
  try {
    expect(await counts(again)).toEqual(expected([0, 1, 2, 4, 5]))
    // The failed report is not there (not half of it either), and can be stored now.
    expect(
      await again.query('SELECT count(*) AS n FROM probes WHERE report_id = {id:String}', { id: bad.id }),
    ).toEqual([{ n: '0' }]) // 64-bit counts come back as text
    await new Store(again).insert([ing(3)])
    expect(await counts(again)).toEqual(expected([0, 1, 2, 3, 4, 5]))
  } finally {
    await again.close()
  }
})

test('a purge between writes is its own transaction: what it deletes is gone, what comes after is kept', async () => {
  const file = join(dir, `w${++n}.duckdb`)
  const b = await DuckBackend.open(duck, file)
  const store = new Store(b)
  await store.insert([ing(0, 10), ing(1, 20)])
  await b.purge(15)
  await store.insert([ing(2, 30)])
  await b.purge(25) // nothing before 25 is left but report 1
  await store.insert([ing(3, 40)])
  expect(await counts(b)).toEqual(expected([2, 3]))
  await b.close()
  const again = await DuckBackend.open(duck, file)
  try {
    expect(await counts(again)).toEqual(expected([2, 3]))
  } finally {
    await again.close()
  }
})

test('one DuckDB thread while writing, two while any read runs (overlapping reads too)', async () => {
  const b = await DuckBackend.open(duck, join(dir, `w${++n}.duckdb`))
  try {
    expect(await threadsNow(b)).toBe(1)
    const during = "SELECT current_setting('threads') AS t"
    expect(await b.query(during)).toEqual([{ t: '2' }])
    expect(await threadsNow(b)).toBe(1)
    // Reads overlapping each other: each runs with two; once the last has ended, one again.
    const reads = await Promise.all(Array.from({ length: 5 }, () => b.query(during)))
    expect(reads.flat()).toEqual(Array.from({ length: 5 }, () => ({ t: '2' })))
    expect(await threadsNow(b)).toBe(1)
    // Writes meanwhile are not disturbed: a read and a batch at once, both done.
    const store = new Store(b)
    await Promise.all([store.insert([ing(0)]), b.query(during)])
    expect(await counts(b)).toEqual(expected([0]))
    expect(await threadsNow(b)).toBe(1)
  } finally {
    await b.close()
  }
})
