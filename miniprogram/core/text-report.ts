import {
  Category,
  ErrorCategory,
  isPurpose,
  KnownPurpose,
  Lang,
  NotEnforcedReason,
  PlatformId,
} from './vocabulary'
import { Bilingual, CONSOLE_DOMAINS, WECHAT_NAME } from './text-base'

/**
 * The words of a report, for every reader of one (the panel and the report view, the CLI, the viewer): labels,
 * hints, verdicts, the resolver's and the enforcement's sentences. zh-CN first, English second.
 */

/** The platforms' names. */
export const PLATFORM_NAMES: Record<PlatformId, Bilingual> = {
  wechat: WECHAT_NAME,
  alipay: { zh: '支付宝', en: 'Alipay' },
  douyin: { zh: '抖音', en: 'Douyin' },
  baidu: { zh: '百度', en: 'Baidu' },
  qq: { zh: 'QQ', en: 'QQ' },
  xhs: { zh: '小红书', en: 'Xiaohongshu' },
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

/** What to tell the user for each category, zh first (taxonomy.md, "hint to show"). */
export const HINTS: Record<ErrorCategory, Bilingual> = {
  not_whitelisted: {
    zh: `在 ${CONSOLE_DOMAINS} 的对应类别中加入这个域名；保存后重新打开小程序使列表生效`,
    en: `Add this exact domain to its category in ${CONSOLE_DOMAINS}, then reopen the mini-program to refresh the list`,
  },
  dns: {
    zh: '域名解析失败：检查 DNS、运营商网络或 hosts 设置，换个网络再试',
    en: 'The name did not resolve: check DNS, the carrier network or hosts settings; try another network',
  },
  timeout: {
    zh: '没有在时限内应答：可能是防火墙丢包或网络较弱，换个网络再试',
    en: 'No answer in time: a firewall may be dropping packets, or the network is weak; try another network',
  },
  refused: {
    zh: '连接被拒绝、重置或中断：检查防火墙、代理，或服务端是否可用',
    en: 'The connection was refused, reset or closed: check firewalls and proxies, or whether the server is up',
  },
  tls: {
    zh: 'TLS/证书校验失败：可能有拦截 HTTPS 的代理、手机时间不对或系统过旧',
    en: 'TLS or certificate failure: a TLS-intercepting proxy, a wrong device clock, or an outdated OS',
  },
  offline: {
    zh: '设备没有网络或网络刚切换：连接网络后重试',
    en: 'The device is offline or the network changed: connect and retry',
  },
  aborted: {
    zh: '请求被取消或因切到后台而中断：保持页面在前台后重试',
    en: 'Cancelled, or interrupted by going to the background: keep the page in front and retry',
  },
  too_many: {
    zh: '同时进行的网络任务超过上限：降低并发，或先关闭其他 WebSocket 连接',
    en: 'The platform task limit was hit: lower the concurrency or close other WebSocket connections',
  },
  bad_request: {
    zh: '请求本身无效（地址或文件有误）：这是检测工具或域名表的问题，请反馈',
    en: 'The call itself was invalid (URL or file): a bug in the checker or its catalog; please report it',
  },
  http: {
    zh: '服务器可达，但未按协议应答（如 WebSocket 升级被拒绝、重定向过多）：不是白名单或网络问题',
    en: 'The host was reached but did not answer as the protocol needs (upgrade refused, redirect loop): not a whitelist or network problem',
  },
  unknown: {
    zh: '未能识别的错误：已保留原始信息，请把它发给技术支持',
    en: 'An unrecognised error: the raw message is kept; send it to support',
  },
  proxy: {
    zh: '在代理服务器处失败，不是目标服务器的问题：检查代理地址和账号，或请 IT 放行这些域名',
    en: 'Failed at the proxy, not at the host: check the proxy address and credentials, or ask IT to allow these domains',
  },
}

/** Whether a pass proves the whitelist (core/environment.ts describeEnforcement). */
export const ENFORCEMENT_TEXT = {
  reasons: {
    debug: { zh: '已开启调试模式（vConsole）', en: 'debug mode (vConsole) is on' },
    devtools: {
      zh: '在开发者工具中运行（是否勾选了“不校验合法域名”无法从运行时读取）',
      en: 'running in WeChat DevTools (whether domain checking is off cannot be read at run time)',
    },
    tourist_appid: { zh: '使用游客 appid（touristappid）', en: 'the tourist appid is in use' },
    develop: { zh: '开发版小程序可能关闭了域名校验', en: 'a develop build may have domain checking off' },
    not_wechat: { zh: '不在微信中运行，没有白名单', en: 'not running inside WeChat: there is no whitelist' },
    ide: { zh: '在该平台的开发者工具中运行', en: "running in the platform's IDE" },
    measured: {
      zh: '不在任何域名列表中的测试请求未被拒绝',
      en: 'a test request to a host in no domain list was not refused',
    },
  } as Record<NotEnforcedReason, Bilingual>,
  /** Before the sentence: the canary decided (core/canary.ts), or could not. */
  measured: { zh: '实测：', en: 'Measured: ' },
  undecided: {
    zh: '实测未能判定，离线或无应答；按运行环境推断：',
    en: 'The test request could not decide, offline or no answer; inferred from the environment: ',
  },
  /** The platform's exact refusal of the canary: its words and code for "not in the domain list". */
  answer: {
    zh: '平台对域名列表外请求的原话：{api} “{errMsg}”{code}',
    en: 'the platform\'s words for a host in no list: {api} "{errMsg}"{code}',
  },
  /** Measured and inferred disagree: what the environment alone said. */
  inferredWas: { zh: '（运行环境推断为：{sentence}）', en: '(the environment alone said: {sentence})' },
  /** The panel's environment row. */
  row: { zh: '域名校验', en: 'Whitelist check' },
  rowValue: {
    enforced: { zh: '校验', en: 'enforced' },
    not_enforced: { zh: '不校验', en: 'not enforced' },
    unknown: { zh: '未知', en: 'unknown' },
  },
  rowSource: {
    measured: { zh: '（实测）', en: ' (measured)' },
    inferred: { zh: '（推断）', en: ' (inferred)' },
  },
  reasonSep: { zh: '；', en: '; ' },
  enforced: { zh: '本次运行校验合法域名', en: 'the whitelist is enforced in this run' },
  enforcedDevelop: {
    zh: '{base}（开发版预览、调试模式关闭；若这是真机调试会话，文档未说明是否校验，无法判断）',
    en: '{base} (develop build, debug mode off; if this is a remote-debug session, the docs do not say whether it checks, so it cannot be told)',
  },
  unknown: {
    zh: '无法判断本次运行是否校验合法域名（{why}）{passOnly}',
    en: 'whether the whitelist is enforced in this run is unknown ({why}){passOnly}',
  },
  unknownOther: { zh: '只有体验版/正式版确定校验', en: 'only trial/release builds are known to check' },
  unknownOld: {
    zh: '读取不到调试模式状态，基础库低于 2.15.0',
    en: 'debug mode cannot be read: base library below 2.15.0',
  },
  notEnforced: {
    zh: '本次运行不校验合法域名（{reasons}）{passOnly}',
    en: 'the whitelist is not enforced in this run ({reasons}){passOnly}',
  },
  /** What a pass means when the whitelist is not (known to be) enforced. */
  passOnly: {
    zh: '：通过只说明网络可达，不说明已加入白名单',
    en: ': a pass proves reachability only, not that the domain is whitelisted',
  },
}

/**
 * The resolver's notices, warnings and errors (core/messages.ts). Placeholders: the message's own fields
 * (`{input}`, `{version}`, `{range}`, `{purpose}`, `{below}`, `{above}`, `{oldest}`) and `{purposeLabel}`.
 */
export const RESOLVE_TEXT = {
  coerced: {
    zh: '版本号 "{input}" 不完整，按 {version} 处理',
    en: 'version "{input}" is incomplete; treated as {version}',
  },
  prefixed: {
    zh: '版本号 "{input}" 按 {version} 处理（去掉前缀 v）',
    en: 'version "{input}" is read as {version} (without the v)',
  },
  prerelease: {
    zh: '预发布版本 "{input}" 按正式版 {version} 的域名处理',
    en: 'prerelease "{input}" is matched as its release version {version}',
  },
  latest: {
    zh: 'latest 即文档最新范围「{range}」，按 {version} 处理',
    en: 'latest is the newest documented range "{range}"; resolved as {version}',
  },
  gap: {
    zh: '{version} 处于文档未覆盖的区间：{purposeLabel}（{purpose}）在「{below}」与「{above}」之间没有记录，两组域名都已列出',
    en: '{version} falls in a gap of the docs for {purposeLabel}: between "{below}" and "{above}"; domains of both ranges are listed',
  },
  empty: {
    zh: '请输入 SDK 版本号，例如 2.13.0、latest 或 all',
    en: 'no SDK version given: use e.g. 2.13.0, latest or all',
  },
  not_a_version: {
    zh: '"{input}" 不是有效的 SDK 版本号：请使用 x.y.z 形式，例如 2.13.0，或 latest / all',
    en: '"{input}" is not an SDK version: use x.y.z such as 2.13.0, or latest / all',
  },
  too_old: {
    zh: 'SDK {version} 早于文档记录的最早版本 {oldest}，没有可用的域名列表',
    en: 'SDK {version} is older than the oldest documented version {oldest}; no domain list exists for it',
  },
}

/** The one-line verdict of a run (core/report/model.ts). `{n}` counts, `{tail}` the warned/skipped aside. */
export const VERDICT_TEXT = {
  errorCount: { zh: '{label} {n} 项', en: '{n} {label}' },
  warnCount: { zh: '警告 {n} 项', en: '{n} with warnings' },
  skippedCount: { zh: '跳过 {n} 项', en: '{n} skipped' },
  sep: { zh: '，', en: ', ' },
  tail: { zh: '（{list}）', en: ' ({list})' },
  nothing: { zh: '没有要检测的域名', en: 'nothing to probe' },
  noneFinished: { zh: '{total} 项均未完成{tail}', en: 'none of {total} finished{tail}' },
  noneFailed: { zh: '{total} 项中没有失败{tail}', en: 'none of {total} failed{tail}' },
  failed: { zh: '{total} 项中 {fail} 项失败：{parts}{tail}', en: '{fail} of {total} failed: {parts}{tail}' },
}

/** Labels of the text and markdown reports (core/report/render.ts). */
export const REPORT_TEXT = {
  devtools: { zh: '开发者工具', en: 'DevTools' },
  baseLib: { zh: '基础库', en: 'base lib' },
  unknownTitle: { zh: '未识别的错误', en: 'Unrecognised errors' },
  moreFailed: { zh: '…另有 {n} 项失败', en: '…and {n} more failed' },
}

/** What the verdict adds about proxies (core/proxy.ts proxyVerdictNote). */
export const PROXY_NOTE_TEXT = {
  via: { zh: '（经代理 {proxy}）', en: ' (via proxy {proxy})' },
  systemProxy: {
    zh: '；可能原因：手机设置了系统代理，关闭代理或换个网络后重试',
    en: '; likely cause: a system proxy is set on this phone; turn it off or try another network',
  },
}

/** Timing breakdown labels (core/format.ts formatTiming). */
export const TIMING_TEXT = {
  connect: { zh: '建连（含 TLS）', en: 'connect (incl. TLS)' },
  tls: { zh: '其中 TLS', en: 'of which TLS' },
  ttfb: { zh: '首字节', en: 'TTFB' },
  total: { zh: '总计', en: 'total' },
}

/** A cause of failures across rows (core/causes.ts describeCause). `{n}` rows, `{label}` the error's name. */
export const CAUSE_TEXT = {
  every: { zh: '全部 {n} 项都失败：{label}', en: 'every probe fails ({n} of {n}): {label}' },
  domain: { zh: '*.{domain} 的 {n} 项全部失败：{label}', en: 'all {n} *.{domain} probes fail: {label}' },
  rows: { zh: '{cats} 共 {n} 个域名：{label}', en: '{n} {cats} domains: {label}' },
  row: { zh: '{cats} 共 {n} 个域名：{label}', en: '{n} {cats} domain: {label}' },
}
