import { PlatformAdapter, TaskLimits } from '../core/adapter'
import { probeFileLease } from './shared/probe-file'
import { WxLike } from './wx-api'
import { wxHttpProbes } from './wx-http'
import { wxSocketProbes } from './wx-socket'

/*
 * The WeChat platform adapter (one job: the four operations of a PlatformAdapter over wx, and what it keeps on
 * the device between calls). The HTTP-like probes are platform/wx-http.ts, the socket probe
 * platform/wx-socket.ts, what wx's answers mean platform/wx-outcome.ts, the slice of wx it uses
 * platform/wx-api.ts; all of it is reachable from here, as other platforms' adapters and the tests import it.
 */

export type { WxHttpTask, WxLike, WxSocketTask } from './wx-api'
export { isUpgradeRejection, statusFromUpgradeError, timingFromProfile } from './wx-outcome'
export type { WxProfileMarks } from './wx-outcome'
export { CLOSE_CODE } from './wx-socket'

export interface WxAdapterOptions {
  /** Method of the `request` probe. Default 'HEAD': no body to transfer; any status (405 too) counts as reached. */
  method?: 'HEAD' | 'GET'
  /** File name of the upload probe's file under `wx.env.USER_DATA_PATH`. Default `zim-netcheck-probe.txt`. */
  probeFileName?: string
}

export const PROBE_FILE_NAME = 'zim-netcheck-probe.txt'
const PROBE_FILE_CONTENT = 'zim-netcheck\n'

/**
 * WeChat's task limits: "wx.request、wx.uploadFile、wx.downloadFile 的最大并发限制是 10 个；wx.connectSocket 的最大
 * 并发限制是 5 个" (developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html, 使用说明). The same
 * figures as core/platforms.ts PLATFORM_LIMITS.wechat (a test keeps them equal; this bundle does not import it).
 */
export const WX_LIMITS: TaskLimits = { http: 10, socket: 5 }

/** The wx adapter: a PlatformAdapter, plus what it keeps on the device between calls. */
export interface WxAdapter extends PlatformAdapter {
  /** The upload probe's file, while one exists (for tests and support). */
  readonly probeFilePath: string | undefined
}

/**
 * The WeChat platform adapter: wx.request / uploadFile / downloadFile / connectSocket with WeChat's own
 * semantics, reporting raw outcomes and nothing else (no retries, no classification, no timers: the deadline is
 * the `timeout` handed to wx, and the engine's own).
 *
 * - Reports at most once per call; `abort()` reports nothing, releases the task (RequestTask/UploadTask/
 *   DownloadTask `abort()`, SocketTask `close({code: 1000})`), is idempotent, and silences later callbacks.
 * - Reached is decided by the first protocol answer: `onHeadersReceived` (RequestTask/UploadTask/DownloadTask,
 *   base library 2.1.0+) or SocketTask `onOpen`. A `fail` after the headers (body reset, stalled, timeout) is
 *   still reached. A GET request, an upload and a download report at the headers and abort the task: nothing
 *   more is needed, and a download never writes a body or temp file (a download whose `success` still comes
 *   first has its temp file unlinked at once). A HEAD request waits for `success`, which carries the profile.
 * - A socket settles at onOpen; its close ({code: 1000}) is sent then and not waited for by the probe (its
 *   timing and deadline leave it out). But the socket keeps its slot among WeChat's 5 until its onClose
 *   arrives (SocketTask.close only asks to close; SocketTask.onClose "监听 WebSocket 连接关闭事件",
 *   developers.weixin.qq.com/miniprogram/dev/api/network/websocket/SocketTask.close.html and
 *   …/SocketTask.onClose.html): the adapter calls the engine's `released` then, so the engine opens the next
 *   socket only when the platform has room. A socket whose onOpen arrives after it settled or was aborted is
 *   closed then. An HTTP task's slot is free when it ended or was aborted.
 * - If a wx function throws synchronously, the exception propagates to the caller (the engine fails that probe
 *   with the error's message).
 * - The upload probe's file is written when an upload starts and none exists, and unlinked (FileSystemManager
 *   `unlinkSync`) when the last running upload ends: the 200 MB user-file quota is the host's too
 *   (framework/ability/file-system). A failed write is a local storage problem, reported synchronously with
 *   `code: LOCAL_STORAGE_CODE` and the platform's message, not as a network failure.
 */
export function createWxAdapter(wxApi: WxLike = wx, opts: WxAdapterOptions = {}): WxAdapter {
  const method = opts.method ?? 'HEAD'
  const fileName = opts.probeFileName ?? PROBE_FILE_NAME
  const uploadFile = probeFileLease(() => {
    const path = `${wxApi.env.USER_DATA_PATH}/${fileName}`
    wxApi.getFileSystemManager().writeFileSync(path, PROBE_FILE_CONTENT, 'utf8')
    return path
  }, unlinkQuietly)

  function unlinkQuietly(path: string): void {
    try {
      const fs = wxApi.getFileSystemManager()
      if (typeof fs.unlinkSync === 'function') fs.unlinkSync(path)
    } catch {
      // Already gone, or the platform keeps temp files itself: nothing left to free.
    }
  }

  const http = wxHttpProbes(wxApi, method, uploadFile, unlinkQuietly)

  return {
    name: 'wx',
    limits: WX_LIMITS,
    reportsSlotRelease: true,
    get probeFilePath() {
      return uploadFile.path
    },
    request: (t, o, d) => http('request', t, o, d),
    uploadFile: (t, o, d) => http('uploadFile', t, o, d),
    downloadFile: (t, o, d) => http('downloadFile', t, o, d),
    connectSocket: wxSocketProbes(wxApi),
  }
}
