import { Bilingual } from './text-base'

/**
 * The panel's "send to support" words (issue 32): the action, what it sends, and each outcome. zh-CN first,
 * English second; `{name}` placeholders are filled by fill().
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
    zh: '发送本次检测报告：SDK 版本、平台、设备型号与系统、各域名结果；不含用户 ID、token',
    en: "Sends this run's report: SDK version, platform, device model and OS, the results; no user ids, no tokens",
  },
  sending: { zh: '正在发送…', en: 'Sending…' },
  sent: { zh: '已发送给技术支持，编号 {id}', en: 'Sent to support, id {id}' },
  queued: {
    zh: '暂未发出（{why}），已保存，联网或下次打开时自动重发',
    en: 'Not sent yet ({why}): kept, sent again when back online or next time',
  },
  offline: { zh: '无网络或无应答', en: 'offline or no answer' },
  busy: { zh: '服务器繁忙 {status}', en: 'server busy, {status}' },
  refused: { zh: '收集器拒收：{error}', en: 'The collector refused it: {error}' },
  blocked: {
    zh: '无法发送：收集器域名 {host} 不在 request 合法域名中，请在后台加入',
    en: 'Cannot send: the collector {host} is not in the request domain list; add it in the console',
  },
  unreached: {
    zh: '本次检测中收集器 {host} 不可达（{error}），发送可能失败',
    en: 'The collector {host} failed in this run ({error}); sending may fail',
  },
  bad: {
    zh: 'collector 属性无效：需 {"url":"https://…","key":"…"}，{error}',
    en: 'Bad collector property: want {"url":"https://…","key":"…"}, {error}',
  },
}
