import { safe } from '../platform/report-queue'
import { TriggerInput, ZimLike } from './types'

// ZIM's events as the sentinel reads them (issue 33; sources in sentinel/sentinel.ts's header).

const DISCONNECTED = 0
const RECONNECTING = 3
/** ZIM.ConnectionState (the sentinel reads Disconnected and Reconnecting). */
export const ZIM_STATE = {
  disconnected: DISCONNECTED,
  connecting: 1,
  connected: 2,
  reconnecting: RECONNECTING,
} as const
/** ZIM.ConnectionEvent values that mean the network failed (not a kick-out, token or logout). */
export const ZIM_NETWORK_EVENTS: readonly number[] = [2, 3]
/** ZIM error codes that mean the connection failed (6000009: disconnected while sending a request). */
export const ZIM_NETWORK_ERRORS: readonly number[] = [6000009]

export type ZimKind = 'zim_state' | 'zim_error'

/** One listener the sentinel added to a ZIM instance. */
export interface Watched {
  zim: ZimLike
  type: string
  fn: (...args: never[]) => void
}

/**
 * Listens to a ZIM instance's connectionStateChanged (a disconnect or reconnect for a network reason) and error
 * (ZIM_NETWORK_ERRORS and `errorCodes`) events, each as a trigger; the listeners go into `watched` (the sentinel
 * removes them all when disposed). Returns the unsubscribe of this watch.
 */
export function watchZim(
  zim: ZimLike,
  errorCodes: readonly number[],
  trigger: (input: TriggerInput, kind: ZimKind) => unknown,
  disposed: () => boolean,
  watched: Watched[],
): () => void {
  if (disposed() || !zim || typeof zim.on !== 'function')
    throw new Error('zim-netcheck sentinel: watch() needs a ZIM instance (ZIM.create / ZIM.getInstance)')
  const onState = (_zim: unknown, data: { state?: number; event?: number }) => {
    if (!data || ZIM_NETWORK_EVENTS.indexOf(data.event as number) < 0) return
    if (data.state !== DISCONNECTED && data.state !== RECONNECTING) return
    trigger({ state: data.state, event: data.event }, 'zim_state')
  }
  const onError = (_zim: unknown, info: { code?: number; message?: string }) => {
    if (!info || errorCodes.indexOf(info.code as number) < 0) return
    trigger({ code: info.code }, 'zim_error')
  }
  const pairs: [string, (...args: never[]) => void][] = [
    ['connectionStateChanged', onState as never],
    ['error', onError as never],
  ]
  const mine = pairs.map(([type, fn]) => {
    // A listener of our own per watch, so off() removes exactly it (where the SDK takes the listener).
    const own = ((...args: never[]) =>
      disposed() ? undefined : (fn as (...a: never[]) => void)(...args)) as (...args: never[]) => void
    zim.on(type, own)
    const w = { zim, type, fn: own }
    watched.push(w)
    return w
  })
  return () => {
    for (const w of mine) {
      const i = watched.indexOf(w)
      if (i < 0) continue
      watched.splice(i, 1)
      safe(() => w.zim.off(w.type, w.fn))
    }
  }
}
