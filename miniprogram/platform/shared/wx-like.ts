import { OutcomeCallback, ProbeCallOptions, RawOutcome, TaskLimits } from '../../core/adapter'
import type { PlatformCodes } from '../../core/classifier'
import { Category } from '../../core/vocabulary'
import { createWxAdapter, WxAdapter, WxAdapterOptions, WxLike } from '../wx-adapter'

/** A wx-shaped adapter of another platform: it names the platform in failures and carries its codes. */
export interface WxLikeAdapter extends WxAdapter {
  readonly codes: PlatformCodes
}

export interface WxLikeOptions extends WxAdapterOptions {
  /** The platform's largest `timeout`; a longer probe deadline is handed to it clamped (the engine keeps its own). */
  maxTimeoutMs?: number
  /** The platform's task limits (core/platforms.ts limitsFor); absent: WeChat's. */
  limits?: TaskLimits
}

/**
 * The wx adapter's implementation for a platform whose four calls take wx's shapes (Douyin `tt`, Baidu
 * `swan`, QQ `qq`): same settling, abort, upload-file and socket handling. What differs is data: each
 * failure is tagged with the platform and the API (`{platform, api, errorCode / errNo / errCode}`, which
 * the wx adapter copies from the platform's fail object) and classified with the platform's codes.
 */
export function createWxLikeAdapter(
  api: WxLike,
  name: string,
  codes: PlatformCodes,
  opts: WxLikeOptions = {},
): WxLikeAdapter {
  const inner = createWxAdapter(api, opts)
  const max = opts.maxTimeoutMs
  const clamp = (o: ProbeCallOptions): ProbeCallOptions =>
    max !== undefined && o.timeoutMs > max ? { ...o, timeoutMs: max } : o
  const tag =
    (category: Category, done: OutcomeCallback): OutcomeCallback =>
    (o: RawOutcome) =>
      done(o.reached ? o : { ...o, platform: codes.platform, api: category })
  return {
    name,
    codes,
    limits: opts.limits ?? inner.limits,
    reportsSlotRelease: true,
    get probeFilePath() {
      return inner.probeFilePath
    },
    request: (t, o, d) => inner.request(t, clamp(o), tag('request', d)),
    uploadFile: (t, o, d) => inner.uploadFile(t, clamp(o), tag('uploadFile', d)),
    downloadFile: (t, o, d) => inner.downloadFile(t, clamp(o), tag('downloadFile', d)),
    connectSocket: (t, o, d) => inner.connectSocket(t, clamp(o), tag('socket', d)),
  }
}
