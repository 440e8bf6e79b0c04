import { ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as duck from '@duckdb/node-api'
import { reportId } from '../../node/collect/rows'
import { BIN, cliEnv, runCli } from '../helpers/cli'
import { fleetReport } from './shared-suite'

/*
 * The `collect` command as a process: start-up, keys, shutdown, bad usage, a locked database file, and a
 * collector killed with SIGKILL in the middle of an ingest: every report it answered 202 is there afterwards.
 */

const KEY = 'cli-ingest-key-1'
const TOKEN = 'cli-read-token-0123456789'

interface Collector {
  child: ChildProcess
  url: string
  out: () => string
  err: () => string
  exited: Promise<number | null>
}

/** Starts `collect` and waits (bounded) for its "listening on" line. */
async function startCli(db: string, extra: string[] = []): Promise<Collector> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'collect',
      '--port',
      '0',
      '--db',
      db,
      '--ingest-key',
      `cli=${KEY}`,
      '--read-token',
      TOKEN,
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: cliEnv() },
  )
  let out = ''
  let err = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d))
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d))
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  for (let i = 0; i < 600 && !/listening on (\S+)/.test(out) && child.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 50))
  const url = /listening on (\S+)/.exec(out)?.[1]
  if (!url) {
    child.kill('SIGKILL')
    throw new Error(`collect did not start: ${err || out}`)
  }
  return { child, url, out: () => out, err: () => err, exited }
}

const post = (url: string, body: string) =>
  fetch(`${url}/v1/reports`, {
    method: 'POST',
    body,
    headers: { 'x-zim-app-key': KEY, 'content-type': 'application/json' },
  })

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zim-collect-cli-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('collect starts, stores, says where, and stops cleanly on SIGTERM', async () => {
  const c = await startCli(join(dir, 'a.duckdb'))
  expect(c.out()).toMatch(
    /^zim-netcheck collect: listening on http:\/\/127\.0\.0\.1:\d+ \(DuckDB .*a\.duckdb\)\n$/,
  )
  const res = await post(c.url, JSON.stringify(fleetReport(1)))
  expect(res.status).toBe(202)
  // The support page is the built viewer, found from the bundled CLI (build/viewer/ beside build/cli/).
  const page = await fetch(`${c.url}/`)
  expect(page.status).toBe(200)
  expect(await page.text()).toBe(readFileSync(join(__dirname, '../../build/viewer/viewer.html'), 'utf8'))
  c.child.kill('SIGTERM')
  expect(await c.exited).toBe(0)
  expect(c.err()).toBe('zim-netcheck collect: stopped\n')
})

test('without keys it makes them and prints them once', async () => {
  const child = spawn(process.execPath, [BIN, 'collect', '--port', '0', '--db', join(dir, 'k.duckdb')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: cliEnv({ ZIM_INGEST_KEYS: '', ZIM_READ_TOKEN: '' }),
  })
  let out = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d))
  for (let i = 0; i < 400 && !/read token/.test(out) && child.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 50))
  const exited = new Promise((r) => child.on('exit', r))
  child.kill('SIGTERM')
  await exited
  const key = /ingest key .*: (\S+)/.exec(out)?.[1]
  const token = /read token .*: (\S+)/.exec(out)?.[1]
  expect(key).toMatch(/^[\w-]{24}$/)
  expect(token).toMatch(/^[\w-]{24}$/)
  expect(key).not.toBe(token)
})

test('bad usage: one line, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['--port', 'abc'], /--port takes a whole number/],
    [['--db', 'x.duckdb', '--clickhouse', 'http://127.0.0.1:1'], /cannot be used together/],
    [['--clickhouse', 'ftp://x'], /--clickhouse takes the server's HTTP URL/],
    [['--ingest-key', 'short'], /at least 8 characters/],
    [['--read-token', 'short'], /at least 16 characters/],
    [['--keep-days', '-1'], /keep-days/],
    [['--prot', '1'], /unknown option --prot \(did you mean --port\?\)/],
  ]
  for (const [args, pattern] of cases) {
    const r = runCli(['collect', ...args])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(pattern)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  }
})

test('a database file another collector holds: one line naming it, exit 2', async () => {
  const db = join(dir, 'held.duckdb')
  const c = await startCli(db)
  const r = spawnSync(
    process.execPath,
    [BIN, 'collect', '--port', '0', '--db', db, '--ingest-key', KEY, '--read-token', TOKEN],
    {
      encoding: 'utf8',
      env: cliEnv(),
      timeout: 60_000,
    },
  )
  expect(r.status).toBe(2)
  expect(r.stderr).toMatch(
    /^zim-netcheck collect: the database file .*held\.duckdb is in use by another process \(pid \d+\): stop it or use another --db\n$/,
  )
  c.child.kill('SIGTERM')
  await c.exited
})

test('kill -9 in the middle of an ingest: every report answered 202 is there, none half-written', async () => {
  const db = join(dir, 'crash.duckdb')
  const c = await startCli(db)
  const acked: string[] = []
  let next = 0
  let killed = false
  // 8 senders, one report after another each; the collector is killed once 150 reports are acknowledged.
  const sender = async () => {
    while (!killed) {
      const k = next++
      const rep = { ...fleetReport(k % 24), createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, k)).toISOString() }
      try {
        const res = await post(c.url, JSON.stringify(rep))
        if (res.status === 202) acked.push(reportId(rep))
      } catch {
        return // the connection died with the process
      }
      if (acked.length >= 150 && !killed) {
        killed = true
        c.child.kill('SIGKILL')
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, sender))
  expect(await c.exited).toBe(null) // killed by the signal
  expect(acked.length).toBeGreaterThanOrEqual(150)
  // Read the file directly: every acknowledged id is there, and each report has all its probe rows.
  const inst = await duck.DuckDBInstance.create(db)
  const conn = await inst.connect()
  const ids = new Set(
    (await conn.runAndReadAll('SELECT id FROM reports')).getRowObjectsJson().map((r) => String(r.id)),
  )
  for (const id of acked) expect(ids.has(id)).toBe(true)
  const torn = await conn.runAndReadAll(
    'SELECT r.id FROM reports r LEFT JOIN (SELECT report_id, count(*) AS n FROM probes GROUP BY report_id) p ON p.report_id = r.id WHERE coalesce(p.n, 0) <> r.total',
  )
  expect(torn.getRowObjectsJson()).toEqual([])
  const orphans = await conn.runAndReadAll(
    'SELECT count(*) AS n FROM probes WHERE report_id NOT IN (SELECT id FROM reports)',
  )
  expect(Number(orphans.getRowObjectsJson()[0].n)).toBe(0)
  conn.closeSync()
  inst.closeSync()
  // And a restarted collector serves them.
  const again = await startCli(db)
  const list = (await (
    await fetch(`${again.url}/v1/reports?limit=1`, { headers: { authorization: `Bearer ${TOKEN}` } })
  ).json()) as { total: number }
  expect(list.total).toBe(ids.size)
  again.child.kill('SIGTERM')
  expect(await again.exited).toBe(0)
})

test('--help and the other commands do not load the collector or its packages', () => {
  const out = join(dir, 'loaded.txt')
  const r = spawnSync(
    process.execPath,
    ['-r', join(__dirname, '../helpers/loaded-modules.js'), BIN, '--help'],
    {
      encoding: 'utf8',
      env: cliEnv({ ZIM_LOADED_OUT: out }),
    },
  )
  expect(r.status).toBe(0)
  expect(r.stdout).toContain('collect [--host 127.0.0.1] [--port 8787]')
  const loaded = readFileSync(out, 'utf8').split('\n')
  expect(loaded.filter((f) => /fastify|duckdb|clickhouse|[\\/]collect[\\/]/.test(f))).toEqual([])
})
