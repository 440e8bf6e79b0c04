import { ProbeEngine } from '../miniprogram/core/engine'
import { planProbes } from '../miniprogram/core/plan'
import { resolveDomains } from '../miniprogram/core/resolver'
import { createNodeAdapter } from '../node/adapter'
import { startTestServers, TestServers } from '../test/helpers/servers'
import { figure } from './figures'

const DELAY_MS = 400

let servers: TestServers
afterAll(async () => {
  await servers?.close()
})

test('a full 2.13.0 run through the Node adapter against real loopback TLS/WebSocket servers', async () => {
  const res = resolveDomains('2.13.0')
  if (!res.ok) throw new Error('catalog')
  const plan = planProbes(res.entries)
  const hosts = [...new Set(plan.map((p) => new URL(p.url).hostname))]
  servers = await startTestServers(hosts, { delayMs: DELAY_MS })
  const map = Object.fromEntries(hosts.map((h) => [h, 'ok' as const]))
  const adapter = createNodeAdapter({ connectTo: servers.connectTo(map), ca: servers.caPem })
  const pools = { http: 10, socket: 5 }
  // Warm-up: the first TLS handshakes pay for loading the CA and the key.
  await new ProbeEngine(plan.slice(0, 2), adapter, { timeoutMs: 5000 }).start()
  const engine = new ProbeEngine(plan, adapter, { timeoutMs: 5000, concurrency: pools })
  const t0 = performance.now()
  const results = await engine.start()
  const elapsed = performance.now() - t0
  if (results.some((r) => r.status !== 'pass')) throw new Error('a loopback probe did not pass')
  // Every connection waits DELAY_MS before the server answers; each pool runs in waves of its size.
  const http = plan.filter((p) => p.category !== 'socket').length
  const socket = plan.length - http
  const bound = Math.max(Math.ceil(http / pools.http), Math.ceil(socket / pools.socket)) * DELAY_MS
  figure(
    'loopback_ratio',
    elapsed / bound,
    { max: 1.2 },
    `${Math.round(elapsed)} ms vs per-wave bound ${bound} ms (${DELAY_MS} ms per connection)`,
  )
})
