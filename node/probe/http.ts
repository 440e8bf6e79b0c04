/**
 * request, uploadFile and downloadFile as WeChat's network stack makes them: HEAD, a multipart POST, a GET,
 * over HTTP/1.1 (h2 only for a server that refuses HTTP/1.1). Any status is an answer; the body is read up to
 * its cap, for a grace period, only to say what happened after.
 */
import type { ClientRequest, IncomingMessage } from 'node:http'
import type * as Http2 from 'node:http2'
import type * as tls from 'node:tls'
import { httpsModule } from '../lazy'
import { ProbeCall } from './call'
import {
  ALPN_HTTP1,
  BODY_GRACE_MS,
  formatBytes,
  MAX_HEADER_BYTES,
  now,
  STALL_MS,
  USER_AGENT,
} from './context'
import type { Route } from '../routing'

const UPLOAD_FIELD = 'file'
const UPLOAD_FILENAME = 'zim-netcheck.txt'
const UPLOAD_CONTENT = 'zim-netcheck\n'

export class HttpCall extends ProbeCall {
  private req?: ClientRequest
  private h2?: Http2.ClientHttp2Session

  /**
   * TCP first (node/probe/connection.ts); the request is made once the TLS socket exists. So node:https loads, and
   * the first wave's requests are built, while that wave's connections are already under way.
   */
  protected begin(url: URL): void {
    this.connect(ALPN_HTTP1, (_err, socket) => {
      if (!socket) return
      try {
        this.request(url, socket)
      } catch (e) {
        this.fail(e)
      }
    })
  }

  private request(url: URL, socket: tls.TLSSocket): void {
    const route = this.route as Route
    const upload = this.operation === 'uploadFile' ? multipartBody() : undefined
    const req = httpsModule().request({
      // host/port here only make the Host header; the socket is the connection's (`connect` above).
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
      // Chromium accepts 256 KB of response headers and is lenient about their syntax; Node's defaults
      // (16 KB, strict) would turn answers the platform accepts into parse errors.
      maxHeaderSize: MAX_HEADER_BYTES,
      insecureHTTPParser: true,
      createConnection: () => socket,
    })
    this.req = req
    req.on('error', (err) => req === this.req && this.fail(err))
    req.once('finish', () => (this.marks.sent = now()))
    req.on('information', (info) => this.onInterim(info.statusCode))
    req.once('response', (res) => this.onResponse(res))
    // A 101 to a plain request: an answer all the same (without a listener Node would just drop it).
    req.once('upgrade', (res, socket) => {
      this.answer(res.statusCode ?? 101)
      socket.destroy()
      this.finish(this.reachedOutcome('the server switched protocols (101) on a plain request'))
    })
    req.end(upload?.body)
  }

  protected dropProtocol(): void {
    const { req, h2 } = this
    this.req = undefined
    this.h2 = undefined
    req?.destroy()
    h2?.destroy()
  }

  private onResponse(res: IncomingMessage): void {
    this.answer(res.statusCode ?? 0)
    clearTimeout(this.graceTimer)
    // The status decided the outcome. The body (none for HEAD) is read up to the cap, for at most the grace
    // time, only to say what happened after: complete, capped, cut off, reset, stalled or still trickling.
    const limit = this.ctx.downloadLimitBytes
    let lastByteAt = now()
    res.on('data', (chunk: Buffer) => {
      this.bodyBytes += chunk.length
      lastByteAt = now()
      if (this.bodyBytes >= limit) this.finish(this.reachedOutcome())
    })
    res.once('end', () => this.finish(this.reachedOutcome()))
    res.on('error', (err) => this.fail(err))
    res.once('close', () => {
      if (!res.complete) this.finish(this.reachedOutcome(this.afterText('cut off')))
    })
    this.graceTimer = setTimeout(() => {
      const quietMs = now() - lastByteAt
      const why =
        this.bodyBytes === 0
          ? `body: stalled before its first byte`
          : quietMs >= STALL_MS
            ? `body: stalled after ${formatBytes(this.bodyBytes)}`
            : `body: still arriving after ${BODY_GRACE_MS} ms (${formatBytes(this.bodyBytes)} so far)`
      this.finish(this.reachedOutcome(why))
    }, this.graceMs(BODY_GRACE_MS))
  }

  /** An h2-only server: speak h2 for the status, as Chromium would. */
  protected onH2(socket: tls.TLSSocket): void {
    const route = this.route as Route
    const url = this.url as URL
    const authority = route.port === 443 ? url.hostname : `${url.hostname}:${route.port}`
    // Required here, for the rare h2-only server: loaded up front, http2 costs every probe run its start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, as node/cli.ts does
    const http2 = require('node:http2') as typeof import('node:http2')
    const session = http2.connect(`https://${authority}`, { createConnection: () => socket })
    this.h2 = session
    session.on('error', (err) => session === this.h2 && this.fail(err))
    const upload = this.operation === 'uploadFile' ? multipartBody() : undefined
    const stream = session.request({
      ':method': this.operation === 'request' ? 'HEAD' : upload ? 'POST' : 'GET',
      ':path': url.pathname + url.search,
      ':authority': authority,
      'user-agent': USER_AGENT,
      accept: '*/*',
      ...(upload ? { 'content-type': upload.contentType, 'content-length': String(upload.body.length) } : {}),
    })
    stream.on('error', (err) => this.fail(err))
    stream.once('response', (headers) => {
      this.answer(Number(headers[':status']) || 0)
      this.finish(this.reachedOutcome('HTTP/2 only: the server refused HTTP/1.1 in ALPN'))
    })
    stream.end(upload?.body)
  }
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
