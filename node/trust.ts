import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as tls from 'node:tls'
import { messageOf } from './errors'

/**
 * A secure context trusting Node's default roots (NODE_EXTRA_CA_CERTS included) plus the extra PEM
 * certificate(s). The default context shares
 * the process's root store (parsed once); `addCACert` copies that store and adds to the copy. Passing
 * `ca: [...tls.rootCertificates, extra]` instead re-parses ~150 PEM roots: about 30 ms of every CLI start.
 */
export function withExtraCa(extra: string | Buffer): tls.SecureContext {
  // The copied store holds the bundled roots only: what NODE_EXTRA_CA_CERTS added to the process's trust goes
  // in again, so that --cacert adds to what the process trusts and never takes anything away.
  const certs = [...processExtraCerts(), ...pemCertificates(extra.toString())]
  const ctx = tls.createSecureContext()
  const native = (ctx as { context?: { addCACert?: (pem: string) => void } }).context
  if (typeof native?.addCACert !== 'function') {
    return tls.createSecureContext({ ca: [...tls.rootCertificates, ...certs] })
  }
  for (const pem of certs) native.addCACert(pem)
  return ctx
}

/** The certificates of NODE_EXTRA_CA_CERTS (Node already warned if that file is unreadable). */
function processExtraCerts(): string[] {
  const file = process.env.NODE_EXTRA_CA_CERTS
  if (!file) return []
  try {
    return pemCertificates(readFileSync(file, 'utf8'))
  } catch {
    return []
  }
}

function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
}

/**
 * Reads a PEM file of CA certificates (curl `--cacert`); throws a clear Error when it holds none or a bad one.
 * The messages do not repeat the path: the CLI names it once (`--cacert x.pem: file not found`).
 */
export function loadCaFile(path: string): string {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new Error(code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? messageOf(e)})`)
  }
  const certs = pemCertificates(text)
  if (certs.length === 0) {
    throw new Error('holds no PEM certificate (no -----BEGIN CERTIFICATE----- block)')
  }
  certs.forEach((pem, i) => {
    try {
      new X509Certificate(pem)
    } catch (e) {
      throw new Error(`certificate ${i + 1} cannot be parsed: ${messageOf(e)}`)
    }
  })
  return certs.join('\n') + '\n'
}
