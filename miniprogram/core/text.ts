import { Category, ErrorCategory, isPurpose, KnownPurpose, Lang } from './vocabulary'

/**
 * Text a person reads, zh-CN first and English second. Placeholders are `{name}`, filled by fill().
 */

/** Where the whitelist is edited in the WeChat console (named as it is, in both languages). */
export const CONSOLE_DOMAINS = '小程序后台 > 开发 > 开发设置 > 服务器域名'

/** A sentence in both UI languages. */
export type Bilingual = Record<Lang, string>

/** `{name}` placeholders replaced by the values given; a missing value leaves an empty string. */
export function fill(template: string, values: object): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) =>
    String((values as Record<string, unknown>)[k] ?? ''),
  )
}

/** The console's own label for each category, zh first. */
export const CATEGORY_LABELS: Record<Category, Bilingual> = {
  socket: { zh: 'socket 合法域名', en: 'socket domains' },
  request: { zh: 'request 合法域名', en: 'request domains' },
  uploadFile: { zh: 'uploadFile 合法域名', en: 'uploadFile domains' },
  downloadFile: { zh: 'downloadFile 合法域名', en: 'downloadFile domains' },
}

export const PURPOSE_LABELS: Record<KnownPurpose, Bilingual> = {
  access: { zh: '接入域名', en: 'access (WebSocket gateway)' },
  report: { zh: '数据上报', en: 'analytics report' },
  config: { zh: '云控配置', en: 'cloud config' },
  log: { zh: '日志上报', en: 'log upload' },
  file: { zh: '文件媒体消息', en: 'file & media messages' },
  app: { zh: '你的域名', en: 'your domains' },
}

/** A purpose's label; one only an imported table knows (e.g. 推送通知) is shown by its own name. */
export function purposeLabel(purpose: string, lang: Lang): string {
  return isPurpose(purpose) ? PURPOSE_LABELS[purpose][lang] : purpose
}

/** The catalog and the app's own domains (resolver notice, the panel's note line, extra-domain checks). */
export const CATALOG_TEXT = {
  beyond: {
    zh: 'SDK {version} 高于域名表记载的所有版本（至 {newest}），按「{range}」处理；ZEGO 文档可能已更新，请用 zim-netcheck catalog import 导入新表',
    en: 'SDK {version} is above every version the domain table documents (up to {newest}): resolved as "{range}"; ZEGO\'s docs may have changed: import them with zim-netcheck catalog import',
  },
  imported: { zh: '域名表：{source}（{rows} 行）', en: 'Domain table: {source} ({rows} rows)' },
  fallback: {
    zh: '指定的域名表不可用（{error}），已用内置域名表',
    en: 'The given domain table is unusable ({error}); the built-in one is used',
  },
  loading: { zh: '正在加载域名表…', en: 'Loading the domain table…' },
  extras: { zh: '另检测你的域名 {n} 个', en: 'Also checking {n} of your domains' },
}

/** Why one of the app's own domains is refused (core/extra-domains.ts), as the console's rules say. */
export const EXTRA_ERRORS: Record<
  'category' | 'scheme' | 'path' | 'port' | 'ip' | 'domain' | 'weixin',
  Bilingual
> = {
  category: {
    zh: '应以类别开头，如 request:https://…',
    en: 'start with a category, e.g. request:https://…',
  },
  scheme: { zh: '{category} 只能用 {want}://', en: '{category} takes {want}:// only' },
  path: { zh: '不能带路径或参数', en: 'no path or query' },
  port: { zh: '端口无效（socket 域名不带端口）', en: 'bad port (socket domains take none)' },
  ip: { zh: '不能用 IP 或 localhost', en: 'no IP address or localhost' },
  domain: { zh: '不是有效的域名（不支持通配符）', en: 'not a valid domain name (no wildcards)' },
  weixin: { zh: '微信不允许配置此域名', en: 'WeChat refuses this domain' },
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
  proxy: { zh: '代理', en: 'proxy' },
}

/** The panel's words, zh first. Keys are what WXML shows as `{{t.key}}`. */
const zh = {
  title: 'ZIM 服务器域名检测',
  subtitle: '检查 ZIM SDK 所需的合法域名在本机是否可达',
  sdkLabel: 'SDK 版本',
  sdkPlaceholder: '例如 2.13.0、latest、all',
  rangePicker: '按文档版本范围选择',
  categoriesLabel: '检测类别',
  timeoutLabel: '单项超时',
  start: '开始检测',
  cancel: '取消',
  rerunFailed: '重试失败项',
  rerunAll: '重新检测',
  envTitle: '运行环境',
  envWechat: '微信版本',
  envBaseLib: '基础库',
  envDevice: '设备',
  envNetwork: '网络',
  envApp: '小程序',
  notEnforcedTitle: '本次运行不校验合法域名',
  progress: '进度',
  resultsTitle: '检测结果',
  whitelistTitle: '合法域名清单',
  whitelistHint: `复制后粘贴到 ${CONSOLE_DOMAINS} 对应类别`,
  copy: '复制',
  copyAll: '复制全部（分号分隔）',
  addToWhitelist: '请把以下域名加入对应类别',
  detailCategory: '错误类别',
  detailHint: '建议',
  detailRaw: '原始信息',
  detailTiming: '耗时',
  statusPass: '通过',
  statusWarn: '警告',
  statusFail: '失败',
  statusSkipped: '跳过',
  statusPending: '等待',
  idleHint: '点击“开始检测”，逐个探测所需域名',
  history: '历史记录',
  caveatHttp: '服务器可达，但拒绝了 WebSocket 升级（不是白名单或网络问题）',
  caveatSlow: '响应较慢',
  caveatNotEnforced: '本次运行不校验合法域名，通过仅说明可达',
  shareTitle: '发给技术支持',
  copyText: '复制结果文本',
  sendFile: '发送 JSON 文件',
  shareCard: '分享卡片',
  skipDeadline: '未检测：已到运行总时限（减少检测类别或缩短单项超时后重试）',
  skipCancelled: '未检测：已取消',
  localStorageLabel: '本地存储写入失败',
  localStorageHint:
    '没能在本机写入上传检测用的小文件：小程序本地文件空间（与宿主共用 200 MB）已满或不可写。清理小程序缓存文件后重试；这不是网络或白名单问题',
  notEnforcedUnknownTitle: '无法判断本次运行是否校验合法域名',
}

export type Strings = typeof zh

const en: Strings = {
  title: 'ZIM server domain check',
  subtitle: 'Can this device reach the domains the ZIM SDK needs whitelisted?',
  sdkLabel: 'SDK version',
  sdkPlaceholder: 'e.g. 2.13.0, latest, all',
  rangePicker: 'Pick a documented range',
  categoriesLabel: 'Categories',
  timeoutLabel: 'Timeout per probe',
  start: 'Start',
  cancel: 'Cancel',
  rerunFailed: 'Retry failed',
  rerunAll: 'Run again',
  envTitle: 'Environment',
  envWechat: 'WeChat',
  envBaseLib: 'Base library',
  envDevice: 'Device',
  envNetwork: 'Network',
  envApp: 'Mini-program',
  notEnforcedTitle: 'The whitelist is not enforced in this run',
  progress: 'Progress',
  resultsTitle: 'Results',
  whitelistTitle: 'Domain whitelist',
  whitelistHint: `Paste into ${CONSOLE_DOMAINS}, under the matching category`,
  copy: 'Copy',
  copyAll: 'Copy all (;-joined)',
  addToWhitelist: 'Add these domains to their categories',
  detailCategory: 'Error',
  detailHint: 'What to do',
  detailRaw: 'Raw message',
  detailTiming: 'Timing',
  statusPass: 'pass',
  statusWarn: 'warning',
  statusFail: 'failed',
  statusSkipped: 'skipped',
  statusPending: 'waiting',
  idleHint: 'Tap Start to probe each domain',
  history: 'History',
  caveatHttp: 'Host reached, but it refused the WebSocket upgrade (not a whitelist or network problem)',
  caveatSlow: 'slow answer',
  caveatNotEnforced: 'the whitelist is not enforced in this run: a pass proves reachability only',
  shareTitle: 'Send to support',
  copyText: 'Copy as text',
  sendFile: 'Send JSON file',
  shareCard: 'Share a card',
  skipDeadline: 'not probed: the run deadline was reached (retry with fewer categories or a shorter timeout)',
  skipCancelled: 'not probed: cancelled',
  localStorageLabel: 'local storage write failed',
  localStorageHint:
    'The small upload probe file could not be written: the mini-program’s local file space (200 MB, shared with the host) is full or not writable. Free cached files and retry; this is not a network or whitelist problem',
  notEnforcedUnknownTitle: 'Whether the whitelist is enforced cannot be told',
}

export const STRINGS: Record<Lang, Strings> = { zh, en }

/** English when WeChat is set to English, Chinese otherwise. */
export function langFromWechat(language: string | undefined): Lang {
  return language && /^en/i.test(language) ? 'en' : 'zh'
}

/** Said once about a run, beside its rows (store/notices.ts fills them in). */
export const NOTICE_TEXT: Record<
  'host_sockets' | 'background' | 'deadline_grown' | 'local_storage' | 'paused',
  Bilingual
> = {
  host_sockets: {
    zh: '宿主小程序自己占用了 {held} 个 WebSocket 连接（微信最多 5 个）：本次只用 {opened} 个并发检测 socket 域名',
    en: "The host app holds {held} WebSocket connection(s) of WeChat's 5: socket domains were probed {opened} at a time",
  },
  background: {
    zh: '小程序切到后台时有 {requeued} 项被微信中断，回到前台后已重新检测；检测时请保持页面在前台',
    en: '{requeued} probe(s) were interrupted by WeChat while in the background and ran again on return; keep the page open while checking',
  },
  deadline_grown: {
    zh: '为保证每项都有完整的超时时间，总时限延长为 {seconds} 秒',
    en: 'The run deadline was extended to {seconds} s so every probe gets its full timeout',
  },
  local_storage: {
    zh: '本机文件空间已满或不可写：uploadFile 域名未能检测，不是网络问题',
    en: 'Local file space full or not writable: uploadFile domains were not tested; not a network problem',
  },
  paused: {
    zh: '小程序在后台：检测已暂停，回到前台后继续（请保持页面打开）',
    en: 'The mini-program is in the background: the check is paused and resumes when you return (keep the page open)',
  },
}

/** The host-sockets setting before the platform said anything. */
export const HOST_SOCKETS_SET: Bilingual = {
  zh: '已按宿主占用 {held} 个 WebSocket 连接设置并发（微信最多 5 个）',
  en: 'Probing with {held} WebSocket connection(s) left to the host app (WeChat allows 5)',
}

const PRIVACY_GUIDE = '小程序后台 > 设置 > 服务内容声明 > 用户隐私保护指引'

/** Copying and sending a report (platform/send-report.ts). `{m}`: the platform's message. */
export const SEND_TEXT = {
  zh: {
    copied: '结果已复制，可直接粘贴给技术支持',
    privacy112: `无法写入剪贴板：小程序的《用户隐私保护指引》没有声明“剪切板”（errno 112）。请小程序管理员在 ${PRIVACY_GUIDE} 中加入剪切板并等审核生效；现在可改用“发送 JSON 文件”或“分享卡片”`,
    privacy104:
      '无法写入剪贴板：你还没有同意本小程序的隐私保护指引（errno 104）。同意隐私授权后再点一次；也可改用“发送 JSON 文件”或“分享卡片”',
    clipboard: '无法写入剪贴板：{m}。请改用“发送 JSON 文件”或“分享给技术支持”',
    fileSent: '报告文件已发送',
    fileUnsupported:
      '当前环境不支持发送文件（电脑端微信或基础库低于 2.16.1）。请改用“复制结果文本”或“分享给技术支持”',
    fileWrite: '无法保存报告文件：{m}',
    fileFail: '发送文件失败：{m}',
  },
  en: {
    copied: 'Results copied: paste them to support',
    privacy112: `Could not write to the clipboard: this mini-program’s privacy guide does not declare the clipboard (errno 112). Its admin must add 剪切板 under ${PRIVACY_GUIDE} and wait for the review; meanwhile send the JSON file or share a card`,
    privacy104:
      'Could not write to the clipboard: you have not agreed to this mini-program’s privacy guide (errno 104). Agree to the privacy prompt and tap again, or send the JSON file or share a card',
    clipboard: 'Could not write to the clipboard: {m}. Send the JSON file or share a card instead',
    fileSent: 'Report file sent',
    fileUnsupported:
      'Sending files is not available here (WeChat on PC, or base library below 2.16.1). Copy the text or share a card instead',
    fileWrite: 'Could not save the report file: {m}',
    fileFail: 'Sending the file failed: {m}',
  },
}

/** The report viewer's messages (components/report-view). */
export const REPORT_VIEW_TEXT = {
  zh: {
    notFound: '找不到这份报告（可能已被删除）',
    bad: '无法打开分享的报告：',
    none: '没有可显示的报告',
    partial: '分享卡片只包含摘要和失败项',
  },
  en: {
    notFound: 'This report was not found (it may have been deleted)',
    bad: 'Cannot open the shared report: ',
    none: 'No report to show',
    partial: 'The shared card holds only the summary and failing rows',
  },
}
