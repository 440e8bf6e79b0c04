export type {
  Sentinel,
  SentinelBasics,
  SentinelOptions,
  SentinelPlatform,
  TriggerInput,
  TriggerOutcome,
  ZimLike,
} from './types'
export { BUDGET_KEY, QUEUE_KEY, SENTINEL_DEFAULTS } from './types'
export { ZIM_NETWORK_ERRORS, ZIM_NETWORK_EVENTS, ZIM_STATE } from './zim'

/**
 * The sentinel (issue 33): when the ZIM SDK cannot connect or log in, a small probe of the hosts that matter runs
 * by itself and its report (report@1 with `trigger`) goes to the customer's collector (issue 32:
 * `POST <collector>/v1/reports`, header `X-Zim-App-Key`). No UI, no mobx. Platform-neutral: what it needs of the
 * mini-program platform comes in a `SentinelPlatform` (sentinel/platforms.ts builds one per platform global).
 * trigger.ts decides when a check runs (consent, budget, sampling, network); outbox.ts keeps the budget and the
 * queue of reports and sends them, check.ts runs the check, zim.ts reads ZIM's events. sentinel/index.ts puts
 * them together with the check at hand; sentinel/lazy.ts, with the check loaded from the host's subpackage.
 *
 * ZIM's events, as the mini-program SDK names them (zego-zim-miniprogram entity/ZIM.d.ts,
 * https://app.unpkg.com/zego-zim-miniprogram@2.26.0/files/entity/ZIM.d.ts; the handler signatures in
 * ZIMEventHandler.d.ts, e.g. https://app.unpkg.com/zego-zim-web@2.21.0/files/entity/ZIMEventHandler.d.ts):
 * - `connectionStateChanged: (zim, {state, event, extendedData})`, `state` a ZIM.ConnectionState
 *   (Disconnected 0, Connecting 1, Connected 2, Reconnecting 3), `event` a ZIM.ConnectionEvent (Success 0,
 *   ActiveLogin 1, LoginTimeout 2, LoginInterrupted 3, KickedOut 4, TokenExpired 5, Unregistered 6);
 * - `error: (zim, {code, message})`, ZIM's error codes (https://zegocloud.com/docs/zim-web/sdk-error-codes/zim:
 *   6000009 "Disconnected while sending the request").
 * A login that fails rejects `zim.login()`'s promise rather than firing an event: a host hands that to
 * `trigger({code})`.
 */
