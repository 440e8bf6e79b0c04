import * as http from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as duck from '@duckdb/node-api'
import { DuckBackend } from '../../node/collect/duckdb'
import { createSupportSender, SendState, SUPPORT_QUEUE_KEY } from '../../miniprogram/platform/support-send'
import { report2130 } from '../helpers/reports'
import { KEY, Running, startCollector } from './harness'

// Issue 32, item 3 against a REAL collector on loopback: the panel's sender posts through a fake wx.request that
// forwards to the collector's HTTP server with Node's http client, as WeChat's request would (header, JSON body,
// `dataType: 'json'` parsing the answer). The report must be stored and readable with the read token.

let dir: string
let c: Running
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zim-panel-send-'))
  c = await startCollector(await DuckBackend.open(duck, join(dir, 'p.duckdb')))
})
afterAll(async () => {
  await c.close()
  rmSync(dir, { recursive: true, force: true })
})

/** wx.request's shape over Node's http client: the https collector's URL is rewritten to the loopback server. */
function forwardingWx() {
  const storage = new Map<string, unknown>()
  const target = new URL(c.url)
  const wx = {
    getStorageSync: (k: string) => (storage.has(k) ? JSON.parse(JSON.stringify(storage.get(k))) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, JSON.parse(JSON.stringify(v))),
    onNetworkStatusChange: () => undefined,
    offNetworkStatusChange: () => undefined,
    request(o: {
      url: string
      method: string
      header: Record<string, string>
      data: string
      dataType: string
      success: (r: { statusCode: number; data: unknown }) => void
      fail: (e: { errMsg: string }) => void
    }) {
      const u = new URL(o.url)
      expect(u.protocol).toBe('https:')
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: u.pathname,
          method: o.method,
          headers: { ...o.header, 'content-length': Buffer.byteLength(o.data) },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (b: Buffer) => chunks.push(b))
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8')
            let data: unknown = text
            try {
              if (o.dataType === 'json') data = JSON.parse(text)
            } catch {
              /* as WeChat: the text */
            }
            o.success({ statusCode: res.statusCode ?? 0, data })
          })
        },
      )
      req.on('error', (e) => o.fail({ errMsg: 'request:fail ' + e.message }))
      req.end(o.data)
    },
  }
  return { wx, storage }
}

/** What the sender says, and a promise for its n-th line (no timer: jest's test timeout bounds a lost answer). */
function listen() {
  const said: [SendState, string][] = []
  const waiting: { n: number; resolve: () => void }[] = []
  const say = (s: SendState, l: string) => {
    said.push([s, l])
    for (const w of waiting.filter((x) => said.length >= x.n)) w.resolve()
  }
  const lines = (n: number) =>
    new Promise<void>((resolve) => (said.length >= n ? resolve() : waiting.push({ n, resolve })))
  return { said, say, lines }
}

test("the panel's sender: the report arrives at a real collector and reads back by its id", async () => {
  const { wx, storage } = forwardingWx()
  const report = report2130()
  const { said, say, lines } = listen()
  const sender = createSupportSender(
    wx,
    { url: 'https://collect.example.com', key: KEY, origin: 'https://collect.example.com' },
    () => 'en',
    say,
  )
  sender.send(report)
  await lines(2)
  const m = /^Sent, id ([0-9a-f]{12})$/.exec(said[1][1])
  expect(said[1][0]).toBe('sent')
  expect(m).not.toBeNull()
  expect(storage.get(SUPPORT_QUEUE_KEY)).toEqual([])
  // The list holds it; the full id starts with what the panel showed.
  const list = (await (await c.get('/v1/reports?limit=10')).json()) as { items: { id: string }[] }
  const item = list.items.find((i) => i.id.startsWith(m![1]))
  expect(item).toBeDefined()
  const stored = (await (await c.get(`/v1/reports/${item!.id}`)).json()) as { report: unknown }
  expect(stored.report).toEqual(JSON.parse(JSON.stringify(report)))

  // The same report again: the collector keeps it once, the panel says sent with the same id.
  sender.send(report)
  await lines(4)
  expect(said[3]).toEqual(said[1])
  sender.stop()
})

test("a wrong key: refused with the collector's own line, nothing kept", async () => {
  const { wx, storage } = forwardingWx()
  const { said, say, lines } = listen()
  const sender = createSupportSender(
    wx,
    { url: 'https://collect.example.com', key: 'not-the-key-1234', origin: 'https://collect.example.com' },
    () => 'en',
    say,
  )
  sender.send(report2130())
  await lines(2)
  expect(said[1]).toEqual(['refused', 'Refused by the collector: unknown ingest key'])
  expect(storage.get(SUPPORT_QUEUE_KEY)).toEqual([])
  sender.stop()
})
