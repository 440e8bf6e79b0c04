import { OutcomeCallback, ProbeCallOptions, ProbeTarget, ProbeTask, RawOutcome } from '../core/adapter'
import { settleOnce } from './shared/settle'
import { WxLike, WxSocketTask } from './wx-api'
import {
  failOutcome,
  isUpgradeRejection,
  once,
  statusFromUpgradeError,
  timingFromProfile,
  WxError,
  WxProfileMarks,
} from './wx-outcome'

/*
 * One socket probe of the WeChat adapter (one job): wx.connectSocket, settled at onOpen (reached) or at a
 * refused upgrade (reached, with the HTTP status), closed with code 1000 at once; its slot among WeChat's 5 is
 * `released` only at the platform's onClose. The contract is written at createWxAdapter (platform/wx-adapter.ts).
 */

/** Close code of every socket the adapter closes: normal closure. */
export const CLOSE_CODE = 1000

/** The socket probes of one adapter: each reports once to `done`; `released` runs when the platform really closed the socket. */
export const wxSocketProbes =
  (wxApi: WxLike) =>
  (target: ProbeTarget, options: ProbeCallOptions, done: OutcomeCallback): ProbeTask => {
    const call = settleOnce(done)
    const free = once(options.released)
    let closedByPlatform = false
    /** connectSocket's `fail` fired: no socket may exist, so a refused close() means no slot is held. */
    let connectFailed = false
    // Assigned once connectSocket returns; the callbacks above it may run before (a synchronous `fail`).
    // eslint-disable-next-line prefer-const
    let task: WxSocketTask | undefined
    /** close() was asked for before connectSocket returned the task (a synchronous `fail`). */
    let closePending = false
    const close = () => {
      if (!task) {
        closePending = true
        return
      }
      if (closedByPlatform) return
      try {
        task.close({
          code: CLOSE_CODE,
          reason: 'zim-netcheck probe done',
          // "Not connected" after a failed connectSocket: no socket holds a slot. Otherwise onClose frees it.
          fail: () => {
            if (connectFailed) free()
          },
        })
      } catch {
        // Already closed or never connected.
        free()
      }
    }
    // Closed before reporting: the engine may open the next socket from inside `done`, and wx counts open ones.
    const settle = (outcome: RawOutcome) => call.report(outcome, close)
    task = wxApi.connectSocket({
      url: target.url,
      timeout: options.timeoutMs,
      fail: (err) => {
        connectFailed = true
        settle(failOutcome(err, 'connectSocket:fail'))
      },
    })
    try {
      // Listeners go on synchronously, before any event can fire.
      task.onOpen((res) => {
        if (call.settled) {
          // Opened after the call settled or was aborted: an earlier close() may have been a no-op on a
          // connecting socket, so close again now that it is open.
          closedByPlatform = false
          close()
          return
        }
        const out: RawOutcome = { reached: true }
        const timing = timingFromProfile(res && (res.profile as WxProfileMarks | undefined))
        if (timing) out.timing = timing
        settle(out)
      })
      task.onError((err) => {
        const errMsg = err && typeof err.errMsg === 'string' ? err.errMsg : ''
        if (isUpgradeRejection(errMsg)) {
          const out: RawOutcome = { reached: true, upgradeRejected: true, errMsg }
          const status = statusFromUpgradeError(errMsg)
          if (status !== undefined) out.statusCode = status
          const errno = (err as WxError).errno
          if (typeof errno === 'number') out.errno = errno
          settle(out)
        } else {
          settle(failOutcome(err, 'connectSocket:fail'))
        }
      })
      task.onClose((res) => {
        closedByPlatform = true
        free()
        const code = res && typeof res.code === 'number' ? res.code : undefined
        const reason = res && res.reason ? `: ${res.reason}` : ''
        call.report({
          reached: false,
          errMsg: `connectSocket:fail closed before open (code ${code ?? '?'})${reason}`,
        })
      })
    } catch (e) {
      // A task whose listeners cannot be attached is of no use: release it, and let the error through.
      close()
      throw e
    }
    // `fail` may have fired synchronously, before `task` was set.
    if (closePending) close()
    return {
      abort: () => {
        const settledBefore = call.settled
        call.silence()
        // Close once per abort; a settled call already closed its socket when it reported.
        if (!settledBefore) close()
      },
    }
  }
