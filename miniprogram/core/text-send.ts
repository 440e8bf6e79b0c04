import { Bilingual } from './text-base'

/**
 * The panel's "send to support" words (issue 32): the action, what it sends, and each outcome. zh-CN first,
 * English second; `{name}` placeholders are filled by fill(). Short: every byte ships in the panel.
 */
export const SUPPORT_TEXT: Record<
  | 'action'
  | 'what'
  | 'sending'
  | 'sent'
  | 'queued'
  | 'offline'
  | 'busy'
  | 'refused'
  | 'blocked'
  | 'unreached'
  | 'bad',
  Bilingual
> = {
  action: { zh: '发送给技术支持', en: 'Send to support' },
  what: {
    zh: '发送本次报告：SDK 版本、平台、机型与系统、检测结果；不含用户 ID 与 token',
    en: 'Sends this report: SDK version, platform, device model/OS, results; no user ids or tokens',
  },
  sending: { zh: '发送中…', en: 'Sending…' },
  sent: { zh: '已发送，编号 {id}', en: 'Sent, id {id}' },
  queued: {
    zh: '未发出（{why}），已保存，联网或下次打开时重发',
    en: 'Not sent ({why}): kept, retried when online or next time',
  },
  offline: { zh: '无网络或无应答', en: 'offline or no answer' },
  busy: { zh: '服务器忙 {status}', en: 'server busy, {status}' },
  refused: { zh: '收集器拒收：{error}', en: 'Refused by the collector: {error}' },
  blocked: {
    zh: '无法发送：{host} 不在 request 合法域名中',
    en: 'Cannot send: {host} is not in the request domain list',
  },
  unreached: {
    zh: '本次检测中 {host} 失败（{error}），可能发不出',
    en: '{host} failed in this run ({error}); sending may fail',
  },
  bad: {
    zh: 'collector 无效，应为 {"url":"https://…","key":"…"}：{error}',
    en: 'Bad collector, want {"url":"https://…","key":"…"}: {error}',
  },
}
