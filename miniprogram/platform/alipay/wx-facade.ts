/** The parts of Alipay's `my` the UI uses besides the probes (opendocs.alipay.com; docs/platforms.md). */
interface MyUi {
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
 * is my.setClipboard({text}); a failure becomes `{errMsg}` so platform/send-report.ts words it. There is no
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
