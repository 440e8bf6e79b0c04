'use strict'
// A plain Node pool, the yardstick for the `probe` process: the same probes with the same caps (10 HTTP,
// 5 WebSocket), written the obvious way with https and ws, and nothing else (no catalog, engine or report).
// Usage: node bench/plain-pool.js <work.json>  with {caFile, probes: [{category, url, connectPort}]}
const https = require('node:https')
const tls = require('node:tls')
const { readFileSync } = require('node:fs')
const WebSocket = require('ws')

const work = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const ca = readFileSync(work.caFile)

function connect(url, port) {
  return () =>
    tls.connect({ host: '127.0.0.1', port, servername: url.hostname, ca, ALPNProtocols: ['http/1.1'] })
}

function httpProbe(p) {
  return new Promise((resolve) => {
    const url = new URL(p.url)
    const method = { request: 'HEAD', uploadFile: 'POST', downloadFile: 'GET' }[p.category]
    const body =
      method === 'POST'
        ? Buffer.from(
            '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nx\r\n--b--\r\n',
          )
        : undefined
    const req = https.request({
      host: url.hostname,
      path: url.pathname,
      method,
      headers: body
        ? { 'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': body.length }
        : {},
      createConnection: connect(url, p.connectPort),
      timeout: 5000,
    })
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode))
    })
    req.on('error', () => resolve(0))
    req.on('timeout', () => req.destroy())
    req.end(body)
  })
}

function socketProbe(p) {
  return new Promise((resolve) => {
    const url = new URL(p.url)
    const ws = new WebSocket(url, { createConnection: connect(url, p.connectPort), perMessageDeflate: false })
    ws.on('open', () => ws.close(1000))
    ws.on('error', () => undefined)
    ws.on('close', () => resolve(101))
  })
}

async function pool(items, size, run) {
  const out = []
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await run(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker))
  return out
}

Promise.all([
  pool(
    work.probes.filter((p) => p.category !== 'socket'),
    10,
    httpProbe,
  ),
  pool(
    work.probes.filter((p) => p.category === 'socket'),
    5,
    socketProbe,
  ),
]).then(([http, socket]) => {
  process.stdout.write(JSON.stringify({ http, socket }) + '\n')
})
