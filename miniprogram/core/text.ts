import { Category, ErrorCategory, Lang, Purpose } from './vocabulary'

/**
 * Text a person reads, zh-CN first and English second. Placeholders are `{name}`, filled by fill().
 */

/** A sentence in both UI languages. */
export type Bilingual = Record<Lang, string>

/** `{name}` placeholders replaced by the values given; a missing value leaves an empty string. */
export function fill(template: string, values: Record<string, string | number | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''))
}

/** The console's own label for each category, zh first. */
export const CATEGORY_LABELS: Record<Category, Bilingual> = {
  socket: { zh: 'socket 合法域名', en: 'socket domains' },
  request: { zh: 'request 合法域名', en: 'request domains' },
  uploadFile: { zh: 'uploadFile 合法域名', en: 'uploadFile domains' },
  downloadFile: { zh: 'downloadFile 合法域名', en: 'downloadFile domains' },
}

export const PURPOSE_LABELS: Record<Purpose, Bilingual> = {
  access: { zh: '接入域名', en: 'access (WebSocket gateway)' },
  report: { zh: '数据上报', en: 'analytics report' },
  config: { zh: '云控配置', en: 'cloud config' },
  log: { zh: '日志上报', en: 'log upload' },
  file: { zh: '文件媒体消息', en: 'file & media messages' },
}

/** Short names of the error categories, for rows and verdicts. */
export const ERROR_LABELS: Record<ErrorCategory, Bilingual> = {
  not_whitelisted: { zh: '未加入合法域名', en: 'not whitelisted' },
  dns: { zh: '域名解析失败', en: 'DNS' },
  timeout: { zh: '超时', en: 'timeout' },
  refused: { zh: '连接被拒绝或中断', en: 'refused' },
  tls: { zh: 'TLS/证书错误', en: 'TLS' },
  offline: { zh: '无网络', en: 'offline' },
  aborted: { zh: '已中断', en: 'aborted' },
  too_many: { zh: '并发任务过多', en: 'too many tasks' },
  bad_request: { zh: '请求无效', en: 'bad request' },
  http: { zh: 'WebSocket 升级被拒绝', en: 'upgrade refused' },
  unknown: { zh: '未知错误', en: 'unknown' },
}
