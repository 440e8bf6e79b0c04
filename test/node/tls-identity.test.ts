import { X509Certificate } from 'node:crypto'
import * as tls from 'node:tls'
import type { RawOutcome } from '../../miniprogram/core/adapter'
import { createNodeAdapter, NodeAdapterOptions } from '../../node/adapter'
import { startTestServers, TestServers } from '../helpers/servers'

// node/probe/connection.ts: Node's host-name check at the end of a handshake gets the leaf certificate alone,
// not the whole chain made into objects (getPeerCertificate(true)), and the verdicts stay Node's.
const HOST = 'detaillog-global.zego.im'
const OPS = ['request', 'connectSocket'] as const
const real = tls.TLSSocket.prototype.getPeerCertificate
let servers: TestServers
beforeAll(async () => {
  servers = await startTestServers()
})
afterAll(async () => {
  await servers.close()
})

/** One probe call; `detailed` records every getPeerCertificate(detailed) made meanwhile, `sockets` the TLS ones. */
async function probe(
  op: (typeof OPS)[number],
  kind: 'ok' | 'wrongHost' | 'selfSigned',
  extra: NodeAdapterOptions = {},
): Promise<{ outcome: RawOutcome; detailed: boolean[]; sockets: tls.TLSSocket[] }> {
  const detailed: boolean[] = []
  const sockets: tls.TLSSocket[] = []
  const spy = jest.spyOn(tls.TLSSocket.prototype, 'getPeerCertificate').mockImplementation(function (
    this: tls.TLSSocket,
    d?: boolean,
  ) {
    detailed.push(d === true)
    return real.call(this, d as true)
  })
  try {
    const adapter = createNodeAdapter({
      connectTo: servers.servers[kind].connectTo([HOST]),
      ca: servers.caPem,
      onSocket: (s) => sockets.push(s),
      ...extra,
    })
    const scheme = op === 'connectSocket' ? 'wss' : 'https'
    const outcome = await new Promise<RawOutcome>((resolve) =>
      adapter[op](
        { id: 'x', category: 'request', url: `${scheme}://${HOST}/` },
        { timeoutMs: 3000 },
        resolve,
      ),
    )
    return { outcome, detailed, sockets }
  } finally {
    spy.mockRestore()
  }
}

describe('the host-name check at the handshake reads the leaf certificate only', () => {
  it.each(OPS)(
    '%s: a good server passes, no chain is parsed, and the socket is Node’s again after',
    async (op) => {
      const r = await probe(op, 'ok')
      expect(r.outcome.reached).toBe(true)
      // Node asked once (its onConnectSecure), for the leaf.
      expect(r.detailed).toEqual([false])
      for (const s of r.sockets)
        expect(Object.prototype.hasOwnProperty.call(s, 'getPeerCertificate')).toBe(false)
    },
  )

  it.each(OPS)('%s: a certificate for another name fails as Node fails it', async (op) => {
    const r = await probe(op, 'wrongHost')
    expect(r.outcome).toMatchObject({ reached: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID' })
    // The message Node's check gives with the whole certificate.
    const node = tls.checkServerIdentity(
      HOST,
      new X509Certificate(servers.certPem.wrongHost).toLegacyObject(),
    )
    expect(node?.message).toMatch(
      /^Hostname\/IP does not match certificate's altnames: Host: detaillog-global/,
    )
    expect(r.outcome.errMsg).toContain(node?.message)
    // Node's check, then peerTrustError's look at the refused certificate (node/trust.ts): leaf only, both.
    expect(r.detailed).toEqual([false, false])
  })

  it('--cacert with the server’s own certificate: trusted, its name still checked on the leaf', async () => {
    const own = await probe('request', 'selfSigned', { ca: servers.certPem.selfSigned })
    const other = await probe('request', 'wrongHost', { ca: servers.certPem.wrongHost })
    expect(own.outcome.reached).toBe(true)
    expect(other.outcome).toMatchObject({ reached: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID' })
    expect([...own.detailed, ...other.detailed].every((d) => d === false)).toBe(true)
  })
})
