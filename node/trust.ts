import { readFileSync, statSync } from 'node:fs'
import type * as tls from 'node:tls'
import { tooLarge } from './args'
import { messageOf } from './errors'
import { cryptoModule, tlsModule } from './lazy'

/**
 * A secure context trusting Node's default roots (NODE_EXTRA_CA_CERTS included) plus the extra PEM
 * certificate(s). The default context shares
 * the process's root store (parsed once); `addCACert` copies that store and adds to the copy. Passing
 * `ca: [...tls.rootCertificates, extra]` instead re-parses ~150 PEM roots: about 30 ms of every CLI start.
 */
export function withExtraCa(extra: string | Buffer): tls.SecureContext {
  // The copied store holds the bundled roots only: what NODE_EXTRA_CA_CERTS added to the process's trust goes
  // in again, so that --cacert adds to what the process trusts and never takes anything away.
  const tls = tlsModule()
  const certs = [...processExtraCerts(), ...pemCertificates(extra.toString())]
  const ctx = tls.createSecureContext()
  const native = (ctx as { context?: { addCACert?: (pem: string) => void } }).context
  if (typeof native?.addCACert !== 'function') {
    return tls.createSecureContext({ ca: [...tls.rootCertificates, ...certs] })
  }
  for (const pem of certs) native.addCACert(pem)
  return ctx
}

/**
 * The certificates of NODE_EXTRA_CA_CERTS that the copied store lacks (Node already warned if that file is
 * unreadable). Often that file is the system's bundle, mostly the same Mozilla roots Node carries: a copy of one
 * of them adds nothing, and each one added is OpenSSL parsing on the first probe's path (144 certificates,
 * ~30 ms, where 22 are new).
 */
function processExtraCerts(): string[] {
  const file = process.env.NODE_EXTRA_CA_CERTS
  if (!file) return []
  let certs: string[]
  try {
    certs = pemCertificates(readFileSync(file, 'utf8'))
  } catch {
    return []
  }
  const bundled = new Set(tlsModule().rootCertificates.map(compact))
  return certs.filter((pem) => !bundled.has(compact(pem)))
}

const compact = (pem: string) => pem.replace(/\s+/g, '')

function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
}

/**
 * Reads a PEM file of CA certificates (curl `--cacert`); throws a clear Error when it holds none or a bad one.
 * The messages do not repeat the path: the CLI names it once (`--cacert x.pem: file not found`).
 */
export function loadCaFile(path: string): string {
  const pem = readCaFile(path)
  const bad = certificateProblem(pem)
  if (bad) throw new Error(bad)
  return pem
}

/** The largest --cacert file read. */
const CA_FILE_BYTES = 8 * 1024 * 1024

/**
 * The first half of loadCaFile, without OpenSSL: the file's PEM certificate blocks, or a clear Error when it
 * cannot be read or holds none. `probe` parses them (certificateProblem) once its first connections are opening.
 */
export function readCaFile(path: string): string {
  let text: string
  try {
    // Refused before it is read: the system's whole bundle is ~0.2 MiB.
    const bytes = statSync(path).size
    if (bytes > CA_FILE_BYTES) throw new Error(tooLarge(CA_FILE_BYTES, 'a CA file', bytes))
    text = readFileSync(path, 'utf8')
  } catch (e) {
    if (!(e as NodeJS.ErrnoException).code) throw e
    const code = (e as NodeJS.ErrnoException).code
    throw new Error(code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? messageOf(e)})`)
  }
  const certs = pemCertificates(text)
  if (certs.length === 0) {
    throw new Error('holds no PEM certificate (no -----BEGIN CERTIFICATE----- block)')
  }
  return certs.join('\n') + '\n'
}

/**
 * The second half of loadCaFile: what is wrong with the first certificate OpenSSL cannot parse
 * (`certificate 2 cannot be parsed: …`), or undefined. It loads node:crypto (~2.6 ms; node:tls loads it anyway).
 */
export function certificateProblem(pem: string): string | undefined {
  const certs = pemCertificates(pem)
  for (let i = 0; i < certs.length; i++) {
    try {
      new (cryptoModule().X509Certificate)(certs[i])
    } catch (e) {
      return `certificate ${i + 1} cannot be parsed: ${messageOf(e)}`
    }
  }
  return undefined
}

/** The DER bytes of each PEM certificate in `pem`: what a server's own certificate is compared with. */
export function certificateDers(pem: string | Buffer): Buffer[] {
  return pemCertificates(pem.toString()).map((block) =>
    Buffer.from(block.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64'),
  )
}

/** OpenSSL's codes for a chain that reaches no trusted certificate: the only failures a given leaf can lift. */
const UNTRUSTED_CHAIN = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
])

function certError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code })
}

/**
 * After a handshake made with `rejectUnauthorized: false`: the error Node would have failed it with, or none.
 * As curl does (OpenSSL's X509_V_FLAG_PARTIAL_CHAIN), a server whose own certificate is one of `given` (DER-equal)
 * is trusted although no CA vouches for it; its validity dates and the host name are still checked. Any other
 * failure, and a chain error with another certificate, is exactly the error Node gives with verification on.
 */
export function peerTrustError(
  socket: tls.TLSSocket,
  given: readonly Buffer[],
  checkIdentity: (cert: tls.PeerCertificate) => Error | undefined,
): Error | undefined {
  if (socket.authorized) return undefined
  const cert = socket.getPeerCertificate()
  const code = String(socket.authorizationError ?? '')
  // What Node's own check produced (tls.TLSSocket's onConnectSecure): OpenSSL's verdict, else the host name's.
  const handle = (socket as unknown as { _handle?: { verifyError?: () => Error | null } })._handle
  const original =
    handle?.verifyError?.() ??
    (cert?.raw ? checkIdentity(cert) : undefined) ??
    certError(code || 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', code || 'certificate not trusted')
  if (!UNTRUSTED_CHAIN.has(code) || !cert?.raw || !given.some((der) => der.equals(cert.raw))) return original
  const now = Date.now()
  if (!(now >= Date.parse(cert.valid_from)))
    return certError('CERT_NOT_YET_VALID', 'certificate is not yet valid')
  if (!(now <= Date.parse(cert.valid_to))) return certError('CERT_HAS_EXPIRED', 'certificate has expired')
  return checkIdentity(cert)
}
