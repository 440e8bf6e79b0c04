/** The four whitelist categories of 小程序后台 > 开发 > 开发设置 > 服务器域名. */
export const CATEGORIES = ['socket', 'request', 'uploadFile', 'downloadFile'] as const
export type Category = (typeof CATEGORIES)[number]

/** What a ZIM domain is used for, as the seed table's 描述 column says. */
export const PURPOSES = ['access', 'report', 'config', 'log', 'file'] as const
export type Purpose = (typeof PURPOSES)[number]

export type Lang = 'zh' | 'en'

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value)
}

export function isPurpose(value: string): value is Purpose {
  return (PURPOSES as readonly string[]).includes(value)
}

/** The console's own label for each category, zh first. */
export const CATEGORY_LABELS: Record<Category, { zh: string; en: string }> = {
  socket: { zh: 'socket 合法域名', en: 'socket domains' },
  request: { zh: 'request 合法域名', en: 'request domains' },
  uploadFile: { zh: 'uploadFile 合法域名', en: 'uploadFile domains' },
  downloadFile: { zh: 'downloadFile 合法域名', en: 'downloadFile domains' },
}

export const PURPOSE_LABELS: Record<Purpose, { zh: string; en: string }> = {
  access: { zh: '接入域名', en: 'access (WebSocket gateway)' },
  report: { zh: '数据上报', en: 'analytics report' },
  config: { zh: '云控配置', en: 'cloud config' },
  log: { zh: '日志上报', en: 'log upload' },
  file: { zh: '文件媒体消息', en: 'file & media messages' },
}
