import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tls from 'node:tls'
import { Category, ErrorCategory, ProbeStatus } from '../../miniprogram/core/vocabulary'
import { ProbeEngine } from '../../miniprogram/core/engine'
import { ProbeResult } from '../../miniprogram/core/result'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { createNodeAdapter, WS_CLOSE_GRACE_MS } from '../../node/adapter'
import { BIN } from '../helpers/cli'
import { holdsWithin, lagMeter } from '../helpers/lag'
import {
  loopbackLookup,
  Misbehaviour,
  MISBEHAVIOURS,
  MisbehavingServers,
  startMisbehavingServers,
  startTestServers,
  TestServers,
} from '../helpers/servers'
import { expectNoSocketHandles } from '../helpers/handles'

// Real loopback servers that answer and then misbehave (or answer wrongly), for every probe kind, through the
// real adapter, engine and classifier. The rule under test: once the host answered at the protocol level the
// probe is reached, whatever follows; an answer that is not HTTP is `http`; no answer is not.
const HTTP_HOST = 'detaillog-global.zego.im'
const WS_HOST = 'accesshub-wss.coolbcloud.com'
const CATS: readonly Category[] = ['request', 'uploadFile', 'downloadFile', 'socket']
const TIMEOUT_MS = 2000

interface Want {
  status: ProbeStatus
  category?: ErrorCategory
  statusCode?: number
  /** The after-detail of a reached probe. */
  after?: RegExp
  /** The whole probe must settle faster than this (default: the timeout plus a margin). */
  withinMs?: number
}

const pass = (more: Partial<Want> = {}): Want => ({ status: 'pass', statusCode: 200, ...more })
const fail = (category: ErrorCategory): Want => ({ status: 'fail', category })
/** A WebSocket upgrade answered by something that is not a working WebSocket: reached, with the http caveat. */
const upgradeRefused = (statusCode?: number): Want => ({ status: 'warn', category: 'http', statusCode })
const wsOpen = (withinMs = 500): Want => ({ status: 'pass', withinMs })
const BODY_SETTLE_MS = 1500

type Cat = (typeof CATS)[number]
const EXPECT: Record<Misbehaviour, Partial<Record<Cat, Want>> & { other: Want }> = {
  extraBytes: { request: pass({ after: /unexpected bytes/ }), socket: wsOpen(), other: pass() },
  bodyReset: {
    socket: wsOpen(),
    request: pass({ withinMs: 500 }),
    other: pass({ after: /^body: (reset|cut off) after 1\.2 KB$/, withinMs: BODY_SETTLE_MS }),
  },
  bodyStall: {
    socket: wsOpen(),
    request: pass({ withinMs: 500 }),
    other: pass({ after: /^body: stalled after 100 B$/, withinMs: BODY_SETTLE_MS }),
  },
  bodyTrickle: {
    socket: wsOpen(),
    request: pass({ withinMs: 500 }),
    other: pass({ after: /^body: still arriving after 1000 ms/, withinMs: BODY_SETTLE_MS }),
  },
  bodyEndless: {
    socket: wsOpen(),
    request: pass({ withinMs: 500 }),
    other: pass({ withinMs: 500 }),
  },
  closeUnanswered: { socket: wsOpen(), other: pass({ withinMs: 500 }) },
  notHttp: { other: fail('http') },
  badStatusLine: { other: fail('http') },
  bigHeaders: { socket: wsOpen(), other: pass() },
  hugeHeaders: { other: fail('http') },
  badAccept: { socket: upgradeRefused(101), other: pass() },
  oddUpgrade: { socket: upgradeRefused(101), other: pass({ statusCode: 101 }) },
  h2Only: { socket: upgradeRefused(), other: pass({ after: /HTTP\/2 only/ }) },
  interimOnly: {
    socket: upgradeRefused(103),
    other: pass({ statusCode: 103, after: /only an interim 103/, withinMs: BODY_SETTLE_MS }),
  },
  lfOnly: { socket: wsOpen(), other: pass() },
  closeAfterTls: { other: fail('refused') },
  silentAfterTls: { other: fail('timeout') },
}

let servers: MisbehavingServers

beforeAll(async () => {
  servers = await startMisbehavingServers()
})
afterAll(async () => {
  await servers.close()
})

interface Run {
  result: ProbeResult
  ms: number
  /** What the machine took from the process meanwhile (test/helpers/lag.ts): bounds on `ms` allow for it. */
  lag: number
  sockets: tls.TLSSocket[]
}

async function probe(kind: Misbehaviour, category: Category): Promise<Run> {
  const host = category === 'socket' ? WS_HOST : HTTP_HOST
  const url = `${category === 'socket' ? 'wss' : 'https'}://${host}/`
  const sockets: tls.TLSSocket[] = []
  const dns = loopbackLookup()
  const adapter = createNodeAdapter({
    connectTo: servers.connectTo({ [host]: kind }),
    ca: servers.caPem,
    lookup: dns.lookup,
    onSocket: (s) => sockets.push(s),
  })
  const plan = [{ id: `${category}:${url}`, category, url, purpose: 'access' as const }]
  const engine = new ProbeEngine(plan, adapter, { timeoutMs: TIMEOUT_MS })
  const t0 = Date.now()
  const lag = lagMeter()
  const [result] = await engine.start()
  expect(dns.asked).toEqual([])
  return { result, ms: Date.now() - t0, lag: lag.stop(), sockets }
}

describe.each(MISBEHAVIOURS)('%s', (kind) => {
  it('every probe kind gets the platform verdict, within its deadline, and leaves nothing open', async () => {
    const runs = await Promise.all(CATS.map((c) => probe(kind, c)))
    runs.forEach((run, i) => {
      const cat = CATS[i] as Cat
      const want = EXPECT[kind][cat] ?? EXPECT[kind].other
      const r = run.result
      expect({ cat, status: r.status, category: r.error?.category }).toEqual({
        cat,
        status: want.status,
        category: want.category,
      })
      if (want.statusCode !== undefined) expect(r.statusCode).toBe(want.statusCode)
      if (want.after)
        expect({ cat, after: r.after }).toEqual({ cat, after: expect.stringMatching(want.after) })
      if (want.status === 'fail') expect(r.error?.errMsg).toBeTruthy()
      expect(run.ms).toBeLessThan((want.withinMs ?? TIMEOUT_MS + 150) + run.lag)
      // Messages are one line, without OpenSSL source paths.
      for (const text of [r.error?.errMsg ?? '', r.after ?? '']) {
        expect(text).not.toMatch(/[\r\n\x1b]|deps\/openssl|\.c:\d+/)
      }
    })
    // Bounded aftermath: an open WebSocket's close handshake ends within the grace time, answered or not.
    const sockets = runs.flatMap((r) => r.sockets)
    await holdsWithin(() => sockets.every((s) => s.closed), WS_CLOSE_GRACE_MS + 300)
    expect(sockets.filter((s) => !s.closed)).toHaveLength(0)
    await servers.waitForNoConnections(1000)
    await expectNoSocketHandles()
  })
})

it('a WebSocket whose server never answers the close frame is reported at open, not after the close', async () => {
  const runs = await Promise.all([1, 2, 3].map(() => probe('closeUnanswered', 'socket')))
  for (const run of runs) {
    expect(run.result.status).toBe('pass')
    // Timings stop at open: nowhere near the close grace time.
    expect(run.result.timing?.totalMs).toBeLessThan(WS_CLOSE_GRACE_MS / 2 + run.lag)
    expect(run.sockets[0].closed).toBe(false)
  }
  expect(await holdsWithin(() => runs.every((r) => r.sockets[0].closed), WS_CLOSE_GRACE_MS + 200)).toBe(true)
  await servers.waitForNoConnections(1000)
})

describe('--cacert adds to the system roots, it does not replace them', () => {
  const res = resolveDomains('2.13.0')
  if (!res.ok) throw new Error('catalog')
  const requestHosts = [
    ...new Set(res.entries.filter((e) => e.category === 'request').map((e) => new URL(e.url).hostname)),
  ]
  let other: TestServers
  beforeAll(async () => {
    other = await startTestServers(requestHosts)
  })
  afterAll(async () => {
    await other.close()
  })

  it('hosts signed by a root the process already trusts and hosts signed by the --cacert CA all pass', async () => {
    // NODE_EXTRA_CA_CERTS puts the misbehaving servers' CA into Node's own root store (a stand-in for a
    // system root): *.zego.im goes there. --cacert names the CA of the servers every other host goes to.
    const args = ['probe', '--sdk', '2.13.0', '--only', 'request', '--json', '--cacert', other.caFile]
    // As a system bundle would: copies of roots Node already carries (skipped when --cacert builds its
    // store), then the one it does not.
    const extraCaFile = join(mkdtempSync(join(tmpdir(), 'zim-extra-ca-')), 'bundle.pem')
    writeFileSync(
      extraCaFile,
      [...tls.rootCertificates.slice(0, 5), readFileSync(servers.caFile, 'utf8')].join('\n'),
    )
    const zego = requestHosts.filter((h) => h.endsWith('.zego.im'))
    expect(zego.length).toBeGreaterThan(0)
    expect(requestHosts.length).toBeGreaterThan(zego.length)
    for (const h of requestHosts) {
      const port = zego.includes(h) ? servers.port.closeUnanswered : other.port.ok
      args.push('--connect-to', `${h}:443:127.0.0.1:${port}`)
    }
    const r = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: extraCaFile },
        stdio: ['ignore', 'pipe', 'ignore'],
      })
      let stdout = ''
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
      child.on('close', (code) => resolve({ code, stdout }))
    })
    const report = JSON.parse(r.stdout) as { results: ProbeResult[] }
    expect(report.results).toHaveLength(requestHosts.length)
    for (const x of report.results)
      expect({ url: x.url, error: x.error, statusCode: x.statusCode }).toEqual({
        url: x.url,
        error: undefined,
        statusCode: 200,
      })
    expect(r.code).toBe(0)
  })
})
