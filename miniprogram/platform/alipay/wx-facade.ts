import { handleRejection } from './rejection'

/** my.request's success and fail, as the UI's catalog fetch needs them (MyRequestOptions). */
interface MyRequestSuccess {
  status?: number
  statusCode?: number
  headers?: Record<string, string>
  header?: Record<string, string>
  data?: unknown
}

/** The parts of Alipay's `my` the UI uses besides the probes (opendocs.alipay.com; docs/platforms.md). */
interface MyUi {
  request(o: {
    url: string
    method?: string
    headers?: Record<string, string>
    data?: unknown
    timeout?: number
    dataType?: 'text'
    success?: (res: MyRequestSuccess) => void
    fail?: (e: { error?: number; errorMessage?: string }) => void
  }): unknown
  env?: { USER_DATA_PATH: string }
  getStorageSync(o: { key: string }): unknown
  setStorageSync(o: { key: string; data: unknown }): unknown
  removeStorageSync(o: { key: string }): unknown
  setClipboard(o: {
    text: string
    success?: () => void
    fail?: (e: { error?: number; errorMessage?: string }) => void
  }): void
  navigateTo(o: { url: string }): void
  getNetworkType?: (o: unknown) => void
  onNetworkStatusChange?: (cb: unknown) => void
  offNetworkStatusChange?: (cb: unknown) => void
  onAppHide?: (cb: unknown) => void
  offAppHide?: (cb: unknown) => void
  onAppShow?: (cb: unknown) => void
  offAppShow?: (cb: unknown) => void
}

declare const my: MyUi

/** A sync call's `{error, errorMessage}` answer (Alipay may answer instead of throwing) as a thrown wx error. */
function check(res: unknown): unknown {
  const r = res as { error?: unknown; errorMessage?: unknown } | undefined
  if (r && typeof r === 'object' && typeof r.error === 'number')
    throw { errMsg: `${String(r.errorMessage ?? '')} (error ${r.error})` }
  return res
}

const bind = <K extends keyof MyUi>(name: K) => {
  const f = my[name]
  return typeof f === 'function' ? (f as (...a: unknown[]) => unknown).bind(my) : undefined
}

/**
 * What the UI's `wx` is in the Alipay build (tools/build-platform.js injects it for the global `wx`): wx's
 * shapes over `my`. Storage takes `{key, data}` objects and answers `{data}` (my.getStorageSync); the clipboard
 * is my.setClipboard({text}); request is my.request (the panel's catalog URL); a failure becomes `{errMsg}` so
 * platform/send-report.ts words it. There is no
 * file share (shareFileMessage): send-report answers that it is not available.
 */
export const wx = {
  get env() {
    return my.env ?? { USER_DATA_PATH: '' }
  },
  getStorageSync(key: string): unknown {
    const res = check(my.getStorageSync({ key })) as { data?: unknown } | undefined
    return res && typeof res === 'object' ? res.data : undefined
  },
  setStorageSync(key: string, data: unknown): void {
    check(my.setStorageSync({ key, data }))
  },
  removeStorageSync(key: string): void {
    check(my.removeStorageSync({ key }))
  },
  setClipboardData(o: { data: string; success?: () => void; fail?: (e: { errMsg: string }) => void }) {
    my.setClipboard({
      text: o.data,
      success: () => o.success?.(),
      fail: (e) =>
        o.fail?.({ errMsg: `setClipboard:fail ${e?.errorMessage ?? ''} (error ${e?.error ?? '?'})` }),
    })
  },
  navigateTo(o: { url: string }) {
    my.navigateTo({ url: o.url })
  },
  /**
   * wx.request over my.request (@mini-types/my request; AlipayDocs/open-docs mini/api/基础API/网络/my.request
   * 常见问题.md): `header` → `headers`; the body is asked as text and parsed as wx does for dataType json (the
   * text kept when it is not JSON), since my.request's json mode fails a non-JSON body with 14; success
   * `{status, headers}` (or the typings' `{statusCode, header}`) → `{statusCode, header, data}`; a failure
   * `{error, errorMessage}` → `{errMsg}` (the code in its text). The Promise my.request returns gets a rejection handler. A
   * timeout over my.request's 60 s maximum is Alipay's to clamp.
   */
  request(o: {
    url: string
    method?: string
    header?: Record<string, string>
    data?: unknown
    timeout?: number
    dataType?: string
    success?: (res: { statusCode?: number; header: Record<string, string>; data: unknown }) => void
    fail?: (e: { errMsg: string }) => void
    complete?: (res: unknown) => void
  }) {
    const ret = my.request({
      url: o.url,
      method: o.method,
      headers: o.header,
      data: o.data,
      timeout: o.timeout,
      dataType: 'text',
      success: (res) => {
        const r = res && typeof res === 'object' ? res : {}
        let data = r.data
        if ((o.dataType === undefined || o.dataType === 'json') && typeof data === 'string') {
          try {
            data = JSON.parse(data)
          } catch {
            // Not JSON: wx hands the text over as it is.
          }
        }
        const out = {
          statusCode: typeof r.status === 'number' ? r.status : r.statusCode,
          header: r.headers ?? r.header ?? {},
          data,
        }
        o.success?.(out)
        o.complete?.(out)
      },
      fail: (e) => {
        // Alipay's code stays in the text: as a wx `errno` it would mean something else.
        const err = { errMsg: `request:fail ${e?.errorMessage ?? ''} (error ${e?.error ?? '?'})` }
        o.fail?.(err)
        o.complete?.(err)
      },
    })
    handleRejection(ret)
    const task = ret as { abort?: () => void } | undefined
    return { abort: () => task?.abort?.() }
  },
  getFileSystemManager() {
    throw new Error('not used on Alipay')
  },
  getNetworkType: bind('getNetworkType'),
  onNetworkStatusChange: bind('onNetworkStatusChange'),
  offNetworkStatusChange: bind('offNetworkStatusChange'),
  onAppHide: bind('onAppHide'),
  offAppHide: bind('offAppHide'),
  onAppShow: bind('onAppShow'),
  offAppShow: bind('offAppShow'),
} as unknown as WechatMiniprogram.Wx
