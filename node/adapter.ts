/**
 * The Node platform adapter: each of the four operations is one probe call over a real connection — HTTPS for
 * request / uploadFile / downloadFile (node/probe/http.ts), a WebSocket for connectSocket
 * (node/probe/websocket.ts) — on the connection, deadline and settling rules they share (node/probe/call.ts).
 */
import type {
  OutcomeCallback,
  PlatformAdapter,
  ProbeCallOptions,
  ProbeTarget,
  ProbeTask,
} from '../miniprogram/core/adapter'
import { HttpCall } from './probe/http'
import { WebSocketCall } from './probe/websocket'
import { DEFAULT_DOWNLOAD_LIMIT_BYTES, NodeAdapterOptions, Operation, ProbeContext } from './probe/context'
import { certificateDers, withExtraCa } from './trust'

export { errorMessage } from './probe/call'
export {
  BODY_GRACE_MS,
  DEFAULT_DOWNLOAD_LIMIT_BYTES,
  formatBytes,
  MAX_HEADER_BYTES,
  WS_CLOSE_GRACE_MS,
} from './probe/context'
export type { NodeAdapterOptions } from './probe/context'

export function createNodeAdapter(options: NodeAdapterOptions = {}): PlatformAdapter {
  const ca = options.ca
  const ctx: ProbeContext = {
    options,
    // One context for the adapter's lifetime, built without re-parsing the system roots (see withExtraCa),
    // on first use.
    secureContext: ca !== undefined ? once(() => withExtraCa(ca)) : undefined,
    givenCerts: ca !== undefined ? certificateDers(ca) : undefined,
    downloadLimitBytes: options.downloadLimitBytes ?? DEFAULT_DOWNLOAD_LIMIT_BYTES,
    sessions: new Map(),
  }
  const start =
    (operation: Operation) =>
    (target: ProbeTarget, call: ProbeCallOptions, done: OutcomeCallback): ProbeTask => {
      const Call = operation === 'connectSocket' ? WebSocketCall : HttpCall
      const probe = new Call(ctx, operation, target, call.timeoutMs, done)
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

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => (made ??= { value: make() }).value
}
