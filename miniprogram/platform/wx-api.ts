/*
 * The slice of `wx` the WeChat adapter uses, as types (one job): platform/wx-adapter.ts and its two probes
 * (platform/wx-http.ts, platform/wx-socket.ts) take it, and the wx-like platforms' adapters build it.
 */

type Wx = WechatMiniprogram.Wx

/**
 * The slice of `wx` the adapter uses, typed from miniprogram-api-typings: the real option types, and of each
 * task only the methods the adapter calls. The global `wx` fits it as is (`createWxAdapter()` defaults to it);
 * so does a test fake that implements just these.
 */
export interface WxLike {
  env: Pick<Wx['env'], 'USER_DATA_PATH'>
  request(option: WechatMiniprogram.RequestOption): WxHttpTask
  uploadFile(option: WechatMiniprogram.UploadFileOption): WxHttpTask
  downloadFile(option: WechatMiniprogram.DownloadFileOption): WxHttpTask
  connectSocket(option: WechatMiniprogram.ConnectSocketOption): WxSocketTask
  getFileSystemManager(): Pick<WechatMiniprogram.FileSystemManager, 'writeFileSync'> &
    Partial<Pick<WechatMiniprogram.FileSystemManager, 'unlinkSync'>>
}

/** What the adapter uses of a RequestTask / UploadTask / DownloadTask: abort, and onHeadersReceived (2.1.0+). */
export interface WxHttpTask {
  abort(): void
  onHeadersReceived?: (listener: (res: { header?: unknown; statusCode?: number }) => void) => void
}

export type WxSocketTask = Pick<WechatMiniprogram.SocketTask, 'onOpen' | 'onError' | 'onClose' | 'close'>
