import { DOUYIN_CODES } from '../../core/platform-codes'
import { limitsFor, PLATFORM_TASK_LIMITS } from '../../core/platforms'
import { createWxLikeAdapter, WxLikeAdapter, WxLikeOptions } from '../shared/wx-like'
import { WxLike, WxSocketTask } from '../wx-adapter'

/**
 * The slice of Douyin's `tt` the adapter uses. `tt.request` / `uploadFile` / `downloadFile` /
 * `connectSocket` take wx's shapes (`header`, `statusCode`, RequestTask `abort`, SocketTask
 * `onOpen/onError/onClose/close`: @douyin-microapp/typings 1.3.1, api/request.d.ts, api/connect-socket.d.ts);
 * a failure is `{errMsg, errNo?}` (typings) and, on newer clients, a 6-digit `errorCode` (developer.open-douyin.com
 * error-code page). `tt.env.USER_DATA_PATH` and `getFileSystemManager().writeFileSync/unlinkSync` as wx
 * (api/env.d.ts, api/fs.d.ts). `timeout` is honoured by tt.request from base library 2.31.0 and tt.downloadFile
 * from 2.42.0; tt.connectSocket takes none: the engine's own deadline bounds each probe anyway.
 */
export type TtLike = WxLike

type SocketOption = WechatMiniprogram.ConnectSocketOption
type CloseOption = WechatMiniprogram.SocketTaskCloseOption

/**
 * tt.connectSocket's page (developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/network/websocket/
 * tt-connect-socket): "请通过此 api 的回调判断 api 调用成功后,再调用返回实例上的方法,否则可能会导致执行失败" — a
 * SocketTask method called before connectSocket's success/fail may fail. The probe closes its socket whenever
 * it settles or is aborted, which can be before then: a close that fails there would leave the socket (one of
 * the app's 5) open. So close() waits for that callback; after a `fail` there is no socket to close.
 */
function closeAfterCallback(tt: TtLike): TtLike {
  return {
    env: tt.env,
    request: (o) => tt.request(o),
    uploadFile: (o) => tt.uploadFile(o),
    downloadFile: (o) => tt.downloadFile(o),
    getFileSystemManager: () => tt.getFileSystemManager(),
    connectSocket(option: SocketOption): WxSocketTask {
      let answered = false
      let created = true
      let pending: CloseOption | undefined
      // eslint-disable-next-line prefer-const
      let task: WxSocketTask | undefined
      const answer = (ok: boolean) => {
        answered = true
        created = ok
        const close = pending
        pending = undefined
        if (close && ok && task) task.close(close)
      }
      task = tt.connectSocket({
        ...option,
        success: (res) => {
          answer(true)
          option.success?.(res)
        },
        fail: (err) => {
          answer(false)
          option.fail?.(err)
        },
      })
      const inner = task
      return {
        onOpen: (l) => inner.onOpen(l),
        onError: (l) => inner.onError(l),
        onClose: (l) => inner.onClose(l),
        close: (o: CloseOption = {}) => {
          if (answered) {
            if (created) inner.close(o)
          } else pending = o
        },
      }
    },
  }
}

/** Douyin: wx's implementation, failures tagged `douyin` and read with DOUYIN_CODES. */
export function createDouyinAdapter(tt: TtLike, opts: WxLikeOptions = {}): WxLikeAdapter {
  return createWxLikeAdapter(closeAfterCallback(tt), 'tt', DOUYIN_CODES, {
    maxTimeoutMs: PLATFORM_TASK_LIMITS.douyin.maxTimeoutMs,
    limits: limitsFor('douyin'),
    ...opts,
  })
}
