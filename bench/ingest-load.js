'use strict'
/*
 * The collector bench's load generator (bench/collect.bench.ts), a process of its own so that sending costs the
 * collector nothing but what a client costs a server. Plain HTTP/1.1 on keep-alive sockets over loopback, one
 * request in flight per socket; a socket the server closes is opened again.
 *
 * One argument, JSON: {url, key, templates (file: a JSON list of report JSON texts holding "@CREATED@"), seconds,
 * connections, rate?}. Without `rate` it is closed-loop (each socket sends its next report once answered: the
 * most the collector takes); with `rate` (reports a second) it is open-loop: report k is due at k / rate, and
 * its latency counts from then, so a collector that falls behind shows it instead of slowing the sender down.
 * Every report is a new one (its createdAt differs). Prints one JSON line: counts per status, latencies, the
 * statuses without retry-after among the refused, and how many were sent; `service`: the same latencies counted
 * from the moment each request was written (what the collector took, whatever the sender's own backlog).
 */
const net = require('node:net')
const { readFileSync } = require('node:fs')

const o = JSON.parse(process.argv[2])
const u = new URL(o.url)
const templates = JSON.parse(readFileSync(o.templates, 'utf8'))
const base = Date.UTC(2026, 0, 1)
const startMs = Date.now()

const head = (len) =>
  `POST /v1/reports HTTP/1.1\r\nhost: ${u.host}\r\nx-zim-app-key: ${o.key}\r\n` +
  `content-type: application/json\r\ncontent-length: ${len}\r\nconnection: keep-alive\r\n\r\n`

let k = 0
function nextRequest() {
  const n = k++
  // Unique per run and per request: 1 ms apart, from an hour before the run started.
  const created = new Date(startMs - 3_600_000 + n).toISOString()
  const body = Buffer.from(templates[n % templates.length].replace('@CREATED@', created))
  return Buffer.concat([Buffer.from(head(body.length)), body])
}

const status = {}
const lat = { accepted: [], refused: [] }
/** From the moment each request was written (the collector's own time), apart from `lat`'s due time. */
const service = { accepted: [], refused: [] }
let noRetryAfter = 0
let sent = 0
let errors = 0
const t0 = performance.now()
const end = t0 + o.seconds * 1000
const due = (n) => t0 + (n * 1000) / o.rate

function connection() {
  return new Promise((done) => {
    let sock
    let buf = Buffer.alloc(0)
    let pending // {sentAt}
    let n = 0 // requests issued by this process in open-loop mode
    const open = () => {
      sock = net.connect(Number(u.port), u.hostname)
      sock.setNoDelay(true)
      sock.on('data', onData)
      sock.on('error', () => undefined)
      sock.on('close', () => {
        if (pending) {
          errors++
          pending = undefined
        }
        buf = Buffer.alloc(0)
        if (performance.now() < end) setImmediate(() => (open(), send()))
        else done()
      })
    }
    const send = () => {
      if (performance.now() >= end) return void sock.end()
      let at = performance.now()
      if (o.rate) {
        n = taken++
        at = due(n)
        const wait = at - performance.now()
        if (at >= end) return void sock.end()
        if (wait > 1) return void setTimeout(() => fire(at), wait)
      }
      fire(at)
    }
    const fire = (at) => {
      pending = { at, sentAt: performance.now() }
      sent++
      sock.write(nextRequest())
    }
    const onData = (d) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d
      for (;;) {
        const h = buf.indexOf('\r\n\r\n')
        if (h < 0) return
        const headText = buf.subarray(0, h).toString('latin1')
        const len = Number(/\r\ncontent-length:\s*(\d+)/i.exec(headText)?.[1] ?? 0)
        if (buf.length < h + 4 + len) return
        buf = buf.subarray(h + 4 + len)
        const code = Number(headText.slice(9, 12))
        status[code] = (status[code] ?? 0) + 1
        const now = performance.now()
        const ms = now - pending.at
        const own = now - pending.sentAt
        pending = undefined
        if (code === 202 || code === 200) {
          lat.accepted.push(ms)
          service.accepted.push(own)
        } else {
          lat.refused.push(ms)
          service.refused.push(own)
          if ((code === 429 || code === 503) && !/\r\nretry-after:/i.test(headText)) noRetryAfter++
        }
        if (/\r\nconnection:\s*close/i.test(headText)) return void sock.end()
        send()
      }
    }
    open()
    send()
  })
}
let taken = 0

const pct = (xs, p) => {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]
}

Promise.all(Array.from({ length: o.connections }, connection)).then(() => {
  const elapsed = (performance.now() - t0) / 1000
  process.stdout.write(
    JSON.stringify({
      elapsed,
      sent,
      errors,
      status,
      noRetryAfter,
      accepted: { n: lat.accepted.length, p50: pct(lat.accepted, 0.5), p99: pct(lat.accepted, 0.99) },
      refused: { n: lat.refused.length, p50: pct(lat.refused, 0.5), p99: pct(lat.refused, 0.99) },
      service: {
        accepted: { p50: pct(service.accepted, 0.5), p99: pct(service.accepted, 0.99) },
        refused: { p50: pct(service.refused, 0.5), p99: pct(service.refused, 0.99) },
      },
    }) + '\n',
  )
})
