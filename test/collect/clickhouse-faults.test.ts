import * as clickhouse from '@clickhouse/client'
import { createServer, connect, Server, Socket } from 'node:net'
import { ClickHouseBackend } from '../../node/collect/clickhouse'
import { ClickHouseServer, ensureClickHouse, startClickHouse } from '../helpers/clickhouse'
import { startCollector } from './harness'
import { fleetReport } from './shared-suite'

/*
 * ClickHouse out of reach (issue 32): the collector talks to a real clickhouse-server through a TCP relay on
 * 127.0.0.1 that this test closes and opens again. While it is closed, connecting is really refused (as when the
 * server is stopped or its host is down): writes and reads answer 503 in one line, /healthz says degraded and the
 * collector keeps running; once it is open again, writing and reading go on, and every report answered 202 is
 * there. The server itself is not stopped: a restart would change its port and data folder (test/helpers).
 */

/** A TCP relay to `port` that can be closed (connections refused, open ones cut) and opened again, same port. */
function relay(port: number) {
  let server: Server | undefined
  const open = new Set<Socket>()
  let own = 0
  const listen = () =>
    new Promise<number>((resolve, reject) => {
      server = createServer((c) => {
        const up = connect(port, '127.0.0.1')
        for (const s of [c, up]) {
          open.add(s)
          s.on('close', () => open.delete(s))
          s.on('error', () => (c.destroy(), up.destroy()))
        }
        c.pipe(up).pipe(c)
      })
      server.once('error', reject)
      server.listen(own, '127.0.0.1', () => resolve((own = (server!.address() as { port: number }).port)))
    })
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of open) s.destroy()
      if (!server) return resolve()
      server.close(() => resolve())
      server = undefined
    })
  return { listen, close }
}

const has = ensureClickHouse()
if (!has.ok) process.stdout.write(`collector ClickHouse fault test skipped: ${has.why}\n`)
let ch: ClickHouseServer | undefined
beforeAll(async () => {
  if (has.ok) ch = await startClickHouse(has.binary)
}, 120_000)
afterAll(async () => ch?.stop())

const report = (k: number) => ({
  ...fleetReport(k % 24),
  createdAt: new Date(Date.UTC(2026, 0, 3) + k).toISOString(),
})

;(has.ok ? test : test.skip)(
  'ClickHouse refused (relay closed): 503 in one line for writes and reads, /healthz degraded; back when it is open',
  async () => {
    const r = relay(Number(new URL(ch!.url).port))
    const port = await r.listen()
    const db = `faults_${process.pid}`
    const admin = clickhouse.createClient({ url: ch!.url })
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` })
    await admin.close()
    const c = await startCollector(await ClickHouseBackend.open(clickhouse, `http://127.0.0.1:${port}/${db}`))
    try {
      const first = await c.post(JSON.stringify(report(0)))
      expect(first.status).toBe(202)

      await r.close()
      const w = await c.post(JSON.stringify(report(1)))
      expect(w.status).toBe(503)
      expect(w.headers.get('retry-after')).toBe('1')
      const we = ((await w.json()) as { error: string }).error
      expect(we).toMatch(/^storage unavailable: .*ECONNREFUSED/)
      expect(we).not.toMatch(/\n/)
      for (const path of ['/v1/reports', '/v1/fleet']) {
        const res = await c.get(path)
        expect(res.status).toBe(503)
        expect(((await res.json()) as { error: string }).error).toMatch(/^storage unavailable: [^\n]*$/)
      }
      expect(await (await c.get('/healthz', null)).json()).toMatchObject({
        ok: false,
        status: 'degraded',
        storage: 'clickhouse',
      })

      await r.listen()
      expect((await c.post(JSON.stringify(report(1)))).status).toBe(202)
      expect(await (await c.get('/healthz', null)).json()).toEqual({
        ok: true,
        storage: 'clickhouse',
        waiting: 0,
      })
      const list = (await (await c.get('/v1/reports')).json()) as { total: number }
      expect(list.total).toBe(2)
    } finally {
      await c.close()
      await r.close()
    }
  },
  120_000,
)
