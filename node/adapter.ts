import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { ClientRequest, IncomingMessage } from 'node:http'
import * as https from 'node:https'
import { isIP, LookupFunction } from 'node:net'
import { performance } from 'node:perf_hooks'
import * as tls from 'node:tls'
import WebSocket from 'ws'
import {
  OutcomeCallback,
  PlatformAdapter,
  PlatformTiming,
  ProbeCallOptions,
  ProbeTarget,
  ProbeTask,
  RawOutcome,
} from '../miniprogram/core/adapter'

/** curl `--resolve host:port:addr`: connect to `address` instead of looking `host` up. `host` '*' = any host. */
export interface ResolveEntry {
  host: string
  port: number
  address: string
}

/**
 * curl `--connect-to host:port:connecthost:connectport`. An empty/absent `host` or `port` matches any; an
 * empty/absent `connectHost` or `connectPort` keeps the original one. TLS SNI, certificate check and the Host
 * header always stay the URL's host.
 */
export interface ConnectToEntry {
  host?: string
  port?: number
  connectHost?: string
  connectPort?: number
}

export interface NodeAdapterOptions {
  resolve?: readonly ResolveEntry[]
  connectTo?: readonly ConnectToEntry[]
  /** Extra trusted CA certificate(s), PEM; added to Node's default roots (`tls.rootCertificates`), not replacing them. */
  ca?: string | Buffer
  /** Name lookup override (tests: never let a name reach real DNS). Defaults to `dns.lookup`. */
  lookup?: LookupFunction
  /** downloadFile reads at most this many body bytes, then stops (still reached). Default 64 KiB. */
  downloadLimitBytes?: number
  /** Instrumentation: called with every socket the adapter opens (leak checks in tests, counting in benches). */
  onSocket?: (socket: tls.TLSSocket) => void
}

/** Where one call connects: `host`/`port` from the URL (SNI, Host header), the rest after the curl-style maps. */
export interface Route {
  host: string
  port: number
  connectHost: string
  connectPort: number
  /** Set when a `resolve` entry gave the address: no lookup happens. */
  address?: string
}

export const DEFAULT_DOWNLOAD_LIMIT_BYTES = 64 * 1024
/** After a WebSocket opens, how long the closing handshake may take before the socket is destroyed. */
export const WS_CLOSE_GRACE_MS = 1000
const UPLOAD_FIELD = 'file'
const UPLOAD_FILENAME = 'zim-netcheck.txt'
const UPLOAD_CONTENT = 'zim-netcheck\n'
const USER_AGENT = 'zim-netcheck (node)'

type Operation = 'request' | 'uploadFile' | 'downloadFile' | 'connectSocket'

interface Context {
  options: NodeAdapterOptions
  secureContext?: tls.SecureContext
  downloadLimitBytes: number
}

export function createNodeAdapter(options: NodeAdapterOptions = {}): PlatformAdapter {
  const ctx: Context = {
    options,
    // One context for the adapter's lifetime: parsing ~150 roots per call would cost milliseconds each time.
    secureContext:
      options.ca !== undefined ? tls.createSecureContext({ ca: trustedCertificates(options.ca) }) : undefined,
    downloadLimitBytes: options.downloadLimitBytes ?? DEFAULT_DOWNLOAD_LIMIT_BYTES,
  }
  const start =
    (operation: Operation) =>
    (target: ProbeTarget, call: ProbeCallOptions, done: OutcomeCallback): ProbeTask => {
      const probe = new ProbeCall(ctx, operation, target, call.timeoutMs, done)
      probe.start()
      return probe
    }
  return {
    name: 'node',
    request: start('request'),
    uploadFile: start('uploadFile'),
    downloadFile: start('downloadFile'),
    connectSocket: start('connectSocket'),
  }
}

/** Node's default roots plus the extra PEM certificate(s): what `ca` makes the adapter trust. */
export function trustedCertificates(extra: string | Buffer): string[] {
  return [...tls.rootCertificates, ...pemCertificates(extra.toString())]
}

/** Applies `connectTo` (first match wins), then `resolve` to the host:port connected to, as curl does. */
export function routeFor(host: string, port: number, options: NodeAdapterOptions): Route {
  const name = host.toLowerCase()
  let connectHost = name
  let connectPort = port
  const hop = (options.connectTo ?? []).find(
    (e) => (!e.host || e.host.toLowerCase() === name) && (e.port === undefined || e.port === port),
  )
  if (hop) {
    connectHost = hop.connectHost ? hop.connectHost.toLowerCase() : name
    connectPort = hop.connectPort ?? port
  }
  const fixed =
    isIP(connectHost) === 0
      ? (options.resolve ?? []).find(
          (e) => (e.host === '*' || e.host.toLowerCase() === connectHost) && e.port === connectPort,
        )
      : undefined
  return { host: name, port, connectHost, connectPort, ...(fixed ? { address: fixed.address } : {}) }
}

/** One platform call. Settles once: `done` runs after its socket is closed, never after abort(). */
class ProbeCall implements ProbeTask {
  private outcome?: RawOutcome
  private aborted = false
  private reported = false
  private route?: Route
  private socket?: tls.TLSSocket
  private socketClosed = false
  private req?: ClientRequest
  private ws?: WebSocket
  private statusCode?: number
  private timer?: ReturnType<typeof setTimeout>
  private readonly t0 = performance.now()
  private readonly marks: {
    lookup?: number
    connect?: number
    secure?: number
    sent?: number
    firstByte?: number
  } = {}

  constructor(
    private readonly ctx: Context,
    private readonly operation: Operation,
    private readonly target: ProbeTarget,
    private readonly timeoutMs: number,
    private readonly done: OutcomeCallback,
  ) {}

  start(): void {
    // The call's own deadline, like wx's `timeout`: a socket idle timer would restart on every byte.
    this.timer = setTimeout(() => this.onTimeout(), this.timeoutMs)
    let url: URL
    try {
      url = new URL(this.target.url)
    } catch (e) {
      this.fail(e)
      return
    }
    const scheme = this.operation === 'connectSocket' ? 'wss:' : 'https:'
    if (url.protocol !== scheme) {
      this.finish({
        reached: false,
        errMsg: `url scheme is invalid: ${url.protocol} (expected ${scheme})`,
        code: 'ERR_INVALID_URL_SCHEME',
      })
      return
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    this.route = routeFor(host, url.port ? Number(url.port) : 443, this.ctx.options)
    if (this.operation === 'connectSocket') this.startWebSocket(url)
    else this.startHttp(url)
  }

  abort(): void {
    if (this.aborted) return
    this.aborted = true
    this.destroyAll()
  }

  /** Used as `createConnection` by both https.request and ws: one place decides where and how to connect. */
  private readonly connect = (): tls.TLSSocket => {
    const route = this.route as Route
    const { lookup, onSocket } = this.ctx.options
    const socket = tls.connect({
      host: route.address ?? route.connectHost,
      port: route.connectPort,
      // SNI must be a name; the certificate is checked against the URL's host wherever we connect.
      ...(isIP(route.host) === 0 ? { servername: route.host } : {}),
      checkServerIdentity: (_name, cert) => tls.checkServerIdentity(route.host, cert),
      ...(this.ctx.secureContext ? { secureContext: this.ctx.secureContext } : {}),
      ...(lookup ? { lookup } : {}),
      ALPNProtocols: ['http/1.1'],
    })
    this.socket = socket
    socket.once('lookup', () => (this.marks.lookup = performance.now()))
    socket.once('connect', () => (this.marks.connect = performance.now()))
    socket.once('secureConnect', () => (this.marks.secure = performance.now()))
    socket.on('error', (err) => this.fail(err))
    socket.on('timeout', () => this.onTimeout())
    socket.once('close', () => this.onSocketClose())
    onSocket?.(socket)
    return socket
  }

  private startHttp(url: URL): void {
    const route = this.route as Route
    const upload = this.operation === 'uploadFile' ? multipartBody() : undefined
    const req = https.request({
      // host/port here only make the Host header; `connect` decides where the socket goes.
      host: route.host,
      port: route.port,
      // Without an agent Node knows no default port and would send "Host: name:443".
      defaultPort: 443,
      path: url.pathname + url.search,
      // HEAD: any status proves the host answered, and there is no body to transfer.
      method: this.operation === 'request' ? 'HEAD' : upload ? 'POST' : 'GET',
      headers: {
        'User-Agent': USER_AGENT,
        Accept: '*/*',
        ...(upload
          ? { 'Content-Type': upload.contentType, 'Content-Length': String(upload.body.length) }
          : {}),
      },
      createConnection: this.connect,
    })
    this.req = req
    req.on('error', (err) => this.fail(err))
    req.once('finish', () => (this.marks.sent = performance.now()))
    req.once('response', (res) => this.onResponse(res))
    req.end(upload?.body)
  }

  private onResponse(res: IncomingMessage): void {
    this.marks.firstByte = performance.now()
    this.statusCode = res.statusCode ?? 0
    // Once the status is in, the host is reached: however the body ends (complete, capped, cut off, stalled).
    let bytes = 0
    res.on('data', (chunk: Buffer) => {
      bytes += chunk.length
      if (bytes >= this.ctx.downloadLimitBytes) this.finish(this.reached())
    })
    res.once('end', () => this.finish(this.reached()))
    res.once('close', () => this.finish(this.reached()))
    res.on('error', () => this.finish(this.reached()))
  }

  private startWebSocket(url: URL): void {
    let ws: WebSocket
    try {
      ws = new WebSocket(url, {
        createConnection: this.connect,
        perMessageDeflate: false,
        followRedirects: false,
        headers: { 'User-Agent': USER_AGENT },
      })
    } catch (e) {
      this.fail(e)
      return
    }
    this.ws = ws
    ws.on('error', (err) => this.fail(err))
    ws.once('upgrade', () => (this.marks.firstByte = performance.now()))
    ws.once('unexpected-response', (_req, res) => {
      this.marks.firstByte = performance.now()
      this.statusCode = res.statusCode ?? 0
      res.resume()
      this.finish({
        ...this.reached(),
        upgradeRejected: true,
        errMsg: `Unexpected server response: ${this.statusCode}`,
      })
    })
    ws.once('open', () => {
      // Reached. Close politely with 1000, and report once the socket is gone (bounded by the grace time).
      this.outcome = this.reached()
      this.clearTimer()
      ws.close(1000)
      this.socket?.setTimeout(Math.min(this.timeoutMs, WS_CLOSE_GRACE_MS))
    })
  }

  private reached(): RawOutcome {
    return {
      reached: true,
      ...(this.statusCode !== undefined ? { statusCode: this.statusCode } : {}),
      ...this.timingField(),
    }
  }

  private timingField(): { timing?: PlatformTiming } {
    const { lookup, connect, secure, sent, firstByte } = this.marks
    const timing: PlatformTiming = {}
    if (lookup !== undefined) timing.dnsMs = ms(lookup - this.t0)
    if (connect !== undefined) timing.connectMs = ms(connect - (lookup ?? this.t0))
    if (connect !== undefined && secure !== undefined) timing.tlsMs = ms(secure - connect)
    if (secure !== undefined && firstByte !== undefined) {
      // Writes made during the handshake leave only when it is done: count from the later of the two.
      timing.ttfbMs = ms(firstByte - Math.max(secure, sent ?? secure))
    }
    return Object.keys(timing).length > 0 ? { timing } : {}
  }

  private fail(e: unknown): void {
    const err = e as NodeJS.ErrnoException
    const errMsg = e instanceof Error ? e.message : String(e)
    this.finish({
      reached: false,
      errMsg,
      ...(typeof err?.code === 'string' ? { code: err.code } : {}),
      ...this.timingField(),
    })
  }

  private onTimeout(): void {
    if (this.outcome) {
      // The WebSocket closing handshake overran its grace time.
      this.destroyAll()
      return
    }
    if (this.statusCode !== undefined) this.finish(this.reached())
    else this.finish({ reached: false, errMsg: 'timeout', code: 'ETIMEDOUT', ...this.timingField() })
  }

  /** Fixes the outcome (first one wins) and tears everything down; `done` follows once the socket is closed. */
  private finish(outcome: RawOutcome): void {
    if (this.outcome || this.aborted) return
    this.outcome = outcome
    this.destroyAll()
    if (!this.socket || this.socketClosed) process.nextTick(() => this.report())
  }

  private onSocketClose(): void {
    this.socketClosed = true
    // Other 'close' listeners (http's, ws's) run after this one: let them finish their cleanup first.
    process.nextTick(() => {
      if (!this.outcome && !this.aborted) {
        if (this.statusCode !== undefined) this.outcome = this.reached()
        else
          this.outcome = {
            reached: false,
            errMsg: 'socket closed',
            code: 'ECONNRESET',
            ...this.timingField(),
          }
      }
      this.report()
    })
  }

  private report(): void {
    this.clearTimer()
    if (this.reported || this.aborted || !this.outcome) return
    this.reported = true
    this.done(this.outcome)
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
  }

  private destroyAll(): void {
    this.clearTimer()
    this.ws?.terminate()
    this.req?.destroy()
    this.socket?.destroy()
  }
}

function ms(value: number): number {
  return Math.max(0, Math.round(value * 10) / 10)
}

function multipartBody(): { body: Buffer; contentType: string } {
  const boundary = `----zim-netcheck-${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`
  const body = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${UPLOAD_FIELD}"; filename="${UPLOAD_FILENAME}"\r\n` +
      'Content-Type: text/plain\r\n\r\n' +
      UPLOAD_CONTENT +
      `\r\n--${boundary}--\r\n`,
  )
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}

function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
}

/** Reads a PEM file of CA certificates (curl `--cacert`); throws a clear Error when it holds none or a bad one. */
export function loadCaFile(path: string): string {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new Error(`cannot read CA file "${path}": ${e instanceof Error ? e.message : String(e)}`)
  }
  const certs = pemCertificates(text)
  if (certs.length === 0) {
    throw new Error(`CA file "${path}" holds no PEM certificate (no -----BEGIN CERTIFICATE----- block)`)
  }
  certs.forEach((pem, i) => {
    try {
      new X509Certificate(pem)
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e)
      throw new Error(`CA file "${path}": certificate ${i + 1} cannot be parsed: ${why}`)
    }
  })
  return certs.join('\n') + '\n'
}

// A host field: a bracketed IPv6 literal, or anything without colons and brackets.
const HOST = String.raw`(\[[^\]]*\]|[^:\[\]]*)`

/** Parses curl's `--resolve [+]host:port:addr` (IPv6 in brackets). Throws an Error saying what is wrong. */
export function parseResolve(spec: string): ResolveEntry {
  const usage = `--resolve "${spec}": expected host:port:address, e.g. example.com:443:127.0.0.1 or example.com:443:[::1]`
  if (spec.startsWith('-')) throw new Error(`${usage} (removing entries with "-host:port" is not supported)`)
  const m = new RegExp(`^\\+?${HOST}:([^:]*):(.*)$`).exec(spec.trim())
  if (!m) throw new Error(usage)
  const host = m[1] === '*' ? '*' : parseHost(m[1], usage, 'host', false)
  const port = parsePort(m[2], usage, 'port', false) as number
  const rawAddress = m[3]
  if (rawAddress.includes(',')) throw new Error(`${usage} (give one address; lists are not supported)`)
  const address = rawAddress.replace(/^\[(.*)\]$/, '$1')
  if (isIP(address) === 0) {
    throw new Error(`${usage} ("${rawAddress}" is not an IP address; IPv6 goes in brackets: [::1])`)
  }
  return { host, port, address }
}

/**
 * Parses curl's `--connect-to host:port:connecthost:connectport` (IPv6 in brackets). Empty host or port = any;
 * empty connecthost or connectport = unchanged. Throws an Error saying what is wrong.
 */
export function parseConnectTo(spec: string): ConnectToEntry {
  const usage =
    `--connect-to "${spec}": expected host:port:connecthost:connectport, ` +
    'e.g. example.com:443:127.0.0.1:8443 (empty host/port = any; IPv6 in brackets)'
  const m = new RegExp(`^${HOST}:([^:]*):${HOST}:([^:]*)$`).exec(spec.trim())
  if (!m) throw new Error(usage)
  const host = parseHost(m[1], usage, 'host', true)
  const port = parsePort(m[2], usage, 'port', true)
  const connectHost = parseHost(m[3], usage, 'connecthost', true)
  const connectPort = parsePort(m[4], usage, 'connectport', true)
  return {
    ...(host ? { host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(connectHost ? { connectHost } : {}),
    ...(connectPort !== undefined ? { connectPort } : {}),
  }
}

function parseHost(raw: string, usage: string, what: string, emptyOk: boolean): string {
  if (raw === '') {
    if (emptyOk) return ''
    throw new Error(`${usage} (${what} is empty)`)
  }
  if (raw.startsWith('[')) {
    const inner = raw.slice(1, -1)
    if (isIP(inner) !== 6) throw new Error(`${usage} (${what} "${raw}" is not an IPv6 address)`)
    return inner.toLowerCase()
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(raw)) throw new Error(`${usage} (${what} "${raw}" is not a host name)`)
  return raw.toLowerCase()
}

function parsePort(raw: string, usage: string, what: string, emptyOk: boolean): number | undefined {
  if (raw === '' && emptyOk) return undefined
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN
  if (!(port >= 1 && port <= 65535)) {
    throw new Error(`${usage} (${what} "${raw}" is not a number from 1 to 65535)`)
  }
  return port
}
