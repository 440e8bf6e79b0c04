/**
 * connectSocket as WeChat makes it: a WebSocket upgrade with `ws`, reached once the upgrade completes; an HTTP
 * answer instead of the upgrade is reached with the `http` caveat. The polite close runs after `done`.
 */
import type * as tls from 'node:tls'
import type WebSocket from 'ws'
import type { RawOutcome } from '../../miniprogram/core/adapter'
import { trimOpenSsl } from '../../miniprogram/core/sanitize'
import { messageOf } from '../errors'
import { ProbeCall } from './call'
import { ALPN_HTTP1, MAX_HEADER_BYTES, now, USER_AGENT, WS_CLOSE_GRACE_MS } from './context'

export class WebSocketCall extends ProbeCall {
  private ws?: WebSocket
  /** A 101 arrived; the upgrade may still be refused by its headers. */
  private upgradeStatus?: number
  /** The upgrade completed. */
  private opened = false

  /**
   * TCP first (node/probe/connection.ts); the WebSocket is made once the TLS socket exists, so `ws` loads (on the
   * first WebSocket probe; a run of HTTP probes never loads it) while the first connections are under way.
   */
  protected begin(url: URL): void {
    this.connect(ALPN_HTTP1, (_err, socket) => socket && this.open(url, socket))
  }

  private open(url: URL, socket: tls.TLSSocket): void {
    let ws: WebSocket
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (above)
      const WebSocketClass = require('ws') as typeof import('ws')
      ws = new WebSocketClass(url, {
        // ws hands this to https.request: the connection's socket.
        createConnection: (() => socket) as unknown as WebSocket.ClientOptions['createConnection'],
        perMessageDeflate: false,
        followRedirects: false,
        headers: { 'User-Agent': USER_AGENT },
        maxHeaderSize: MAX_HEADER_BYTES,
        insecureHTTPParser: true,
        // ws's public hook on its upgrade request: an interim 1xx answer is an answer too.
        finishRequest: (req) => {
          req.on('information', (info) => this.onInterim(info.statusCode))
          req.end()
        },
      })
    } catch (e) {
      this.fail(e)
      return
    }
    this.ws = ws
    ws.on('error', (err) => ws === this.ws && this.fail(err))
    ws.once('upgrade', (res) => {
      this.marks.firstByte = now()
      this.upgradeStatus = res.statusCode ?? 101
    })
    ws.once('unexpected-response', (_req, res) => {
      this.answer(res.statusCode ?? 0)
      res.resume()
      this.finish(this.reachedOutcome(undefined, `Unexpected server response: ${this.statusCode}`))
    })
    ws.once('open', () => this.onOpen(ws))
  }

  protected dropProtocol(): void {
    const { ws } = this
    this.ws = undefined
    ws?.terminate()
  }

  protected answered(): boolean {
    return super.answered() || this.upgradeStatus !== undefined || this.opened
  }

  protected reachedOutcome(after?: string, errMsg?: string): RawOutcome {
    if (this.opened) return super.reachedOutcome(after)
    // An HTTP answer to the upgrade that is not a working WebSocket: reached, with the http caveat.
    const out: RawOutcome = { reached: true, upgradeRejected: true }
    out.errMsg = errMsg ?? after ?? 'the upgrade was not completed'
    const status = this.statusCode ?? this.upgradeStatus
    if (status !== undefined) out.statusCode = status
    return { ...out, ...this.timingField() }
  }

  /** After the answer, what breaks is the reason the upgrade did not complete. */
  protected settleAfterAnswer(e: unknown): void {
    this.finish(this.reachedOutcome(undefined, trimOpenSsl(messageOf(e))))
  }

  /** No HTTP/1.1 upgrade is possible on an h2-only server: reached, with the reason. */
  protected onH2(_socket: tls.TLSSocket): void {
    this.marks.firstByte = now()
    this.finish(
      this.reachedOutcome(
        undefined,
        'the server speaks only HTTP/2 (ALPN h2): no HTTP/1.1 WebSocket upgrade is possible',
      ),
    )
  }

  /**
   * WebSocket open: reached, reported now. The polite close (1000) runs after `done`, outside the probe's
   * deadline and timing and outside the engine's pool; the socket is destroyed if the server has not finished
   * it within WS_CLOSE_GRACE_MS, and neither the socket nor the timers keep the process alive meanwhile.
   */
  private onOpen(ws: WebSocket): void {
    this.opened = true
    this.outcome = this.reachedOutcome()
    this.clearTimers()
    const socket = this.conn?.socket
    // The connection the TLS socket rides on: TCP to the host, or to the proxy.
    const under = this.conn?.under
    const closeTimer = setTimeout(() => {
      ws.terminate()
      socket?.destroy()
      under?.destroy()
    }, WS_CLOSE_GRACE_MS)
    closeTimer.unref()
    socket?.once('close', () => clearTimeout(closeTimer))
    socket?.unref()
    under?.unref()
    try {
      ws.close(1000)
      // ws arms its own 30 s close timer; ours is shorter, and neither may hold the process.
      ;(ws as unknown as { _closeTimer?: { unref?: () => void } })._closeTimer?.unref?.()
    } catch {
      ws.terminate()
    }
    this.report()
  }
}
