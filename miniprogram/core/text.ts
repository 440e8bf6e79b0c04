import {
  Category,
  ErrorCategory,
  isPurpose,
  KnownPurpose,
  Lang,
  NotEnforcedReason,
  PlatformId,
} from './vocabulary'
import type { ProxyCode } from './proxy'

/**
 * Text a person reads, zh-CN first and English second. Placeholders are `{name}`, filled by fill().
 */

/** Where the whitelist is edited in the WeChat console (named as it is, in both languages). */
export const CONSOLE_DOMAINS = '小程序后台 > 开发 > 开发设置 > 服务器域名'

/** Between the notes of one entry or row, in either language (a full-width semicolon reads in both). */
export const NOTE_SEP = '；'

/** A sentence in both UI languages. */
export type Bilingual = Record<Lang, string>

/** `{name}` placeholders replaced by the values given; a missing value leaves an empty string. */
export function fill(template: string, values: object): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) =>
    String((values as Record<string, unknown>)[k] ?? ''),
  )
}

/** The platforms' names. */
export const PLATFORM_NAMES: Record<PlatformId, Bilingual> = {
  wechat: { zh: '微信', en: 'WeChat' },
  alipay: { zh: '支付宝', en: 'Alipay' },
  douyin: { zh: '抖音', en: 'Douyin' },
  baidu: { zh: '百度', en: 'Baidu' },
  qq: { zh: 'QQ', en: 'QQ' },
  xhs: { zh: '小红书', en: 'Xiaohongshu' },
}

/** Where each platform's whitelist is edited (core/platforms.ts; the panel names it in the not-whitelisted hint). */
export const PLATFORM_CONSOLES: Record<PlatformId, Bilingual> = {
  wechat: {
    zh: '小程序后台 > 开发 > 开发设置 > 服务器域名',
    en: 'mp.weixin.qq.com > 开发 > 开发设置 > 服务器域名',
  },
  qq: {
    zh: 'QQ 小程序管理后台 > 开发 > 开发设置 > 服务器域名',
    en: 'q.qq.com > 开发 > 开发设置 > 服务器域名',
  },
  douyin: {
    zh: '抖音开放平台 > 开发 > 开发配置 > 域名管理',
    en: 'Douyin open platform > 开发 > 开发配置 > 域名管理',
  },
  baidu: {
    zh: '百度智能小程序开发者平台 > 设置 > 开发设置 > 服务器域名',
    en: 'smartprogram.baidu.com > 设置 > 开发设置 > 服务器域名',
  },
  alipay: {
    zh: '支付宝小程序管理中心 > 小程序详情 > 设置 > 开发设置 > 服务器域名白名单',
    en: 'Alipay mini-program console > 小程序详情 > 设置 > 开发设置 > 服务器域名白名单',
  },
  // The path inside the console is not on any page read (docs/platforms.md, X5): the console is named alone.
  xhs: {
    zh: '小红书小程序开放平台（miniapp.xiaohongshu.com）的服务器域名设置',
    en: 'the server-domain settings of the Xiaohongshu mini-program open platform (miniapp.xiaohongshu.com)',
  },
}

/** Alipay's one list, of host names only (core/platforms.ts). */
export const ALIPAY_LIST_LABEL: Bilingual = { zh: '服务器域名白名单', en: 'server domain whitelist' }

/** The not-whitelisted hint on a platform other than WeChat: its own console, and no WeChat category names. */
export const NOT_WHITELISTED_ON: Bilingual = {
  zh: '在 {console} 中加入这个域名；保存后重新打开小程序使列表生效',
  en: 'Add this exact domain in {console}, then reopen the mini-program to refresh the list',
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

/** Labels of the markdown report only (apart from the text report's, so the panel's bundle leaves them out). */
export const MARKDOWN_TEXT = {
  created: { zh: '时间', en: 'created' },
  sdkInput: { zh: '输入版本', en: 'SDK input' },
  environment: { zh: '环境', en: 'environment' },
  verdict: { zh: '结论', en: 'verdict' },
  proxy: { zh: '代理', en: 'proxy' },
  domain: { zh: '域名', en: 'domain' },
  purpose: { zh: '用途', en: 'purpose' },
  time: { zh: '耗时', en: 'time' },
  detail: { zh: '说明', en: 'detail' },
  notes: { zh: '提示', en: 'Notes' },
  catalog: { zh: '域名表', en: 'catalog' },
}

/** Which domain table a report used (core/report/render.ts catalogText). */
export const CATALOG_INFO_TEXT = {
  builtin: { zh: '内置 {date}（{rows} 行，#{hash}）', en: 'built-in {date} ({rows} rows, #{hash})' },
  imported: {
    zh: '导入：{source} {date}（{rows} 行，#{hash}）',
    en: 'imported: {source} {date} ({rows} rows, #{hash})',
  },
}

/** Proxy failures and notes (core/proxy.ts). `{hosts}`: the hosts a kind of failure hit. */
export const PROXY_FINDING_TEXT = {
  findings: {
    PROXY_DNS: {
      zh: '代理服务器的域名无法解析（{hosts}）：检查代理地址（HTTPS_PROXY / --proxy）',
      en: "the proxy's own name did not resolve ({hosts}): check the proxy address (HTTPS_PROXY / --proxy)",
    },
    PROXY_UNREACHABLE: {
      zh: '连不上代理服务器（{hosts}）：检查代理地址和端口，以及代理是否在运行',
      en: 'the proxy could not be reached ({hosts}): check its address and port, and whether it is running',
    },
    PROXY_TIMEOUT: {
      zh: '代理服务器没有在时限内应答（{hosts}）：代理可能过载，或被防火墙拦截',
      en: 'the proxy did not answer in time ({hosts}): it may be overloaded or blocked by a firewall',
    },
    PROXY_CLOSED: {
      zh: '代理服务器未应答就断开了连接（{hosts}）：它可能不是 HTTP 代理，或丢弃了这些请求',
      en: 'the proxy closed the connection without answering ({hosts}): it may not be an HTTP proxy, or it dropped the requests',
    },
    PROXY_TLS: {
      zh: '与 https:// 代理的 TLS 握手失败（{hosts}）：检查代理的证书（可用 --cacert 信任它的 CA）',
      en: 'TLS with the https:// proxy failed ({hosts}): check its certificate (trust its CA with --cacert)',
    },
    PROXY_BAD_RESPONSE: {
      zh: '代理的应答不是 HTTP（{hosts}）：代理地址可能指向了别的服务（或 SOCKS 代理）',
      en: "the proxy's answer is not HTTP ({hosts}): the address may point at another service (or a SOCKS proxy)",
    },
    PROXY_AUTH: {
      zh: '代理要求身份验证（{hosts}）：在代理地址中写入账号（http://用户:密码@主机:端口），或请 IT 核对账号',
      en: 'the proxy needs authentication ({hosts}): put the account in the proxy URL (http://user:password@host:port), or ask IT to check it',
    },
    PROXY_DENIED: {
      zh: '代理拒绝了到 {hosts} 的连接：请让 IT 放行',
      en: 'the proxy refused {hosts}: ask IT to allow it',
    },
    PROXY_UPSTREAM: {
      zh: '代理连不上 {hosts}：服务器可能不可用，或在代理之外被拦截',
      en: 'the proxy could not reach {hosts}: the host may be down, or blocked beyond the proxy',
    },
    PROXY_STATUS: {
      zh: '代理对到 {hosts} 的 CONNECT 返回了错误：把原始信息发给 IT',
      en: 'the proxy answered CONNECT to {hosts} with an error: send the raw message to IT',
    },
  } as Record<ProxyCode, Bilingual>,
  hostSep: { zh: '、', en: ', ' },
  moreHosts: { zh: ' 等 {total} 个域名', en: ' and {more} more' },
}

/** What the verdict adds about proxies (core/proxy.ts proxyVerdictNote). */
export const PROXY_NOTE_TEXT = {
  via: { zh: '（经代理 {proxy}）', en: ' (via proxy {proxy})' },
  systemProxy: {
    zh: '；可能原因：手机设置了系统代理，关闭代理或换个网络后重试',
    en: '; likely cause: a system proxy is set on this phone; turn it off or try another network',
  },
}

/**
 * A whitelist diff and the pasted-list parser (core/whitelist.ts), zh / en on one line: the CLI prints it and
 * support pastes it into chats with people of either language.
 */
export const WHITELIST_TEXT = {
  beforeHeader:
    'line {line}: "{item}" comes before any category header (socket / request / uploadFile / downloadFile 合法域名)',
  missing: '缺少 / missing',
  /** An entry with what is wrong with it. */
  noted: '{entry}  （{notes}）',
  wrongScheme: '协议或端口不对：填成了 {configured} / wrong scheme or port: configured as {configured}',
  wrongCategory:
    '分类不对：填在了 {under} 下，那里用不到，请移到 {category} / wrong category: listed under {under}, which does not use it; move it to {category}',
  alsoListed:
    '已填在 {also} 下，那里也需要：不要移动，在 {category} 下再加一条 / listed under {also}, which needs it too: do not move it, also add it under {category}',
  extra:
    '多余（不是该版本 ZIM 的域名，可能是你自己的）/ extra (not a ZIM domain of this version, may be your own)',
  toAdd: '需要添加（粘贴到控制台对应的输入框）/ to add (paste into the console):',
  replacedBy: '协议或端口不对，由 {by} 代替 / wrong form, {by} replaces it',
  duplicate: '重复 / duplicate',
  onlyUnder: 'ZIM 只在 {under} 下需要 / ZIM needs it under {under} only',
  toDelete: '可以删除 / to delete ({n})',
  ok: '白名单包含所需的全部域名 / the whitelist has every domain ZIM needs',
  overLimit:
    "{name}: {n} 个域名，超过该平台每类 {max} 个的上限 / {n} domains, over the platform's limit of {max} per list",
  portRefused: '{name}: {url} 带端口，该平台不允许 / {url} has a port, which the platform does not allow',
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

/** A shared card that holds only the summary and failing rows (core/share.ts). */
export const SHARE_TRIMMED =
  'This shared card holds only the summary and failing rows ({kept} of {total} results) / 分享卡片只包含摘要和失败项（{total} 项中的 {kept} 项）'

/** The support viewer's dimensions (core/fleet.ts). */
export const DIMENSION_TEXT = {
  platform: { zh: '平台', en: 'Platform' },
  networkType: { zh: '网络类型', en: 'Network' },
  os: { zh: '操作系统', en: 'OS' },
  wechatVersion: { zh: '微信版本', en: 'WeChat' },
  baseLibrary: { zh: '基础库', en: 'Base library' },
  sdk: { zh: 'SDK 版本', en: 'SDK' },
  runtime: { zh: '运行环境', en: 'Runtime' },
}

/** What the CLI (node/) prints besides reports; its --help stays in node/cli.ts. */
export const CLI_TEXT = {
  withCredentials: { zh: '，带账号', en: ', with credentials' },
  throughProxy: {
    zh: '经代理 {proxy}（来自 {source}{creds}）',
    en: 'through proxy {proxy} (from {source}{creds})',
  },
  bypassed: { zh: '不经代理（{from}）：{hosts}', en: 'not through the proxy ({from}): {hosts}' },
  hostSep: { zh: '、', en: ', ' },
  viewWritten: {
    zh: '已写入 {n} 份报告（{kb} KB）；用浏览器打开即可，无需联网',
    en: '{n} report(s) embedded ({kb} KB); open it in a browser, no network needed',
  },
  /** zh / en on one line: what support pastes into chats. `{platform}`: ` · 支付宝 / Alipay` or ''. */
  whitelistTitle: 'ZIM SDK {sdk}{platform}: 服务器域名 / server domains to whitelist',
  compared: '对比已配置的白名单 / compared with your whitelist:',
  /** After the causes (PANEL_TEXT.causesTitle, core/causes.ts): what the CLI's own options can do about them. */
  adviseCacert: {
    zh: '若网络经过拦截 HTTPS 的代理（公司网关、杀毒软件），用 --cacert <它的 CA 证书.pem> 信任它后重试',
    en: 'behind a TLS-intercepting proxy (a corporate gateway, antivirus)? trust its CA with --cacert <its-ca.pem> and run again',
  },
  adviseProxy: {
    zh: '若只能经 HTTP 代理上网，用 --proxy http://代理:端口（或设置 HTTPS_PROXY）后重试',
    en: 'if the only way out is an HTTP proxy, run again with --proxy http://host:port (or set HTTPS_PROXY)',
  },
  /** `report` on a shared card trimmed to the failing rows: the counts are the card's, not the run's. */
  partialCounts: {
    zh: '（部分：卡片只含 {total} 项中的 {kept} 项；上面的统计来自完整运行）',
    en: "(partial: the card holds {kept} of the run's {total} results; the counts above are the whole run's)",
  },
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
  progress: '进度',
  resultsTitle: '检测结果',
  whitelistTitle: '合法域名清单',
  whitelistHint: `复制后粘贴到 ${CONSOLE_DOMAINS} 对应类别`,
  copy: '复制',
  copyAll: '复制全部（分号分隔）',
  addToWhitelist: '请把以下域名加入对应类别',
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
  shareTitle: '发给技术支持',
  copyText: '复制结果文本',
  sendFile: '发送 JSON 文件',
  shareCard: '分享卡片',
  skipDeadline: '未检测：已到运行总时限（减少检测类别或缩短单项超时后重试）',
  skipCancelled: '未检测：已取消',
  localStorageLabel: '本地存储写入失败',
  localStorageHint:
    '没能在本机写入上传检测用的小文件：小程序本地文件空间（与宿主共用 200 MB）已满或不可写。清理小程序缓存文件后重试；这不是网络或白名单问题',
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
  progress: 'Progress',
  resultsTitle: 'Results',
  whitelistTitle: 'Domain whitelist',
  whitelistHint: `Paste into ${CONSOLE_DOMAINS}, under the matching category`,
  copy: 'Copy',
  copyAll: 'Copy all (;-joined)',
  addToWhitelist: 'Add these domains to their categories',
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
  shareTitle: 'Send to support',
  copyText: 'Copy as text',
  sendFile: 'Send JSON file',
  shareCard: 'Share a card',
  skipDeadline: 'not probed: the run deadline was reached (retry with fewer categories or a shorter timeout)',
  skipCancelled: 'not probed: cancelled',
  localStorageLabel: 'local storage write failed',
  localStorageHint:
    'The small upload probe file could not be written: the mini-program’s local file space (200 MB, shared with the host) is full or not writable. Free cached files and retry; this is not a network or whitelist problem',
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
    zh: '宿主小程序自己占用了 {held} 个 WebSocket 连接（{name}最多 {max} 个）：本次只用 {opened} 个并发检测 socket 域名',
    en: "The host app holds {held} WebSocket connection(s) of {name}'s {max}: socket domains were probed {opened} at a time",
  },
  background: {
    zh: '小程序切到后台时有 {requeued} 项被{name}中断，回到前台后已重新检测；检测时请保持页面在前台',
    en: '{requeued} probe(s) were interrupted by {name} while in the background and ran again on return; keep the page open while checking',
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

/** The host-sockets setting before the platform said anything (`{name}`: PLATFORM_NAMES; every platform allows 5). */
export const HOST_SOCKETS_SET: Bilingual = {
  zh: '已按宿主占用 {held} 个 WebSocket 连接设置并发（{name}最多 5 个）',
  en: 'Probing with {held} WebSocket connection(s) left to the host app ({name} allows 5)',
}

/**
 * The panel's words that name WeChat, on another platform (`{name}`: PLATFORM_NAMES, `{console}`:
 * PLATFORM_CONSOLES): the environment's app version and where the whitelist is pasted.
 */
export const PLATFORM_WORDS: Record<'envWechat' | 'whitelistHint', Bilingual> = {
  envWechat: { zh: '{name}版本', en: '{name}' },
  whitelistHint: { zh: '复制后粘贴到 {console}', en: 'Paste into {console}' },
}

/** The host-requests setting (the panel's `host-requests`). */
export const HOST_REQUESTS_SET: Bilingual = {
  zh: '已为宿主小程序留出 {held} 个网络请求名额，检测期间宿主的请求不会被拒绝',
  en: '{held} request slot(s) left to the host app: its own requests are not refused during the check',
}

const PRIVACY_GUIDE = '小程序后台 > 设置 > 服务内容声明 > 用户隐私保护指引'

/** Copying and sending a report (platform/send-report.ts). `{m}`: the platform's message. */
export const SEND_TEXT = {
  zh: {
    copied: '结果已复制，可直接粘贴给技术支持',
    privacy112: `无法写入剪贴板：小程序的《用户隐私保护指引》没有声明“剪切板”（errno 112）。请小程序管理员在 ${PRIVACY_GUIDE} 中加入剪切板并等审核生效；现在可改用“发送 JSON 文件”或“分享卡片”`,
    privacy104:
      '无法写入剪贴板：你还没有同意本小程序的隐私保护指引（errno 104）。同意隐私授权后再点一次；也可改用“发送 JSON 文件”或“分享卡片”',
    clipboard: '无法写入剪贴板：{m}。请改用“发送 JSON 文件”或“分享卡片”',
    fileSent: '报告文件已发送',
    fileUnsupported:
      '当前环境不支持发送文件（电脑端微信或基础库低于 2.16.1）。请改用“复制结果文本”或“分享卡片”',
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

/**
 * Sharing on Alipay, Douyin, Baidu and QQ (platform/shared/send-report-other.ts; not in the WeChat bundle):
 * none of them is documented to send a file into a chat as wx.shareFileMessage does (docs/platforms.md).
 */
export const OTHER_PLATFORM_SEND_TEXT = {
  zh: { fileNotOnPlatform: '此平台不支持发送文件。请改用“复制结果文本”或“分享卡片”' },
  en: {
    fileNotOnPlatform:
      'Sending a file is not available on this platform. Copy the text or share a card instead',
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

// — panel (issue 15)

/** The panel's words added with issue 15 (problems first, causes, per-row actions, report page, history). */
const panelZh = {
  statusRunning: '检测中',
  statusPassUnchecked: '通过（未校验）',
  causesTitle: '原因汇总',
  readyTitle: '各功能可用情况',
  ready: '{n}/{m} 可达',
  showRows: '展开',
  hideRows: '收起',
  retestRow: '重测此项',
  copyRow: '复制此项',
  cellular: '所有域名在移动网络（{net}）下都失败：请连 Wi-Fi 后再试',
  copyAll: '复制全部（每个类别一段）',
  localTime: '本地时间',
  retestHere: '在我的手机上重测',
  fileCancelled: '已取消发送文件',
  /** A share card's title: at most 30 characters. */
  cardFail: 'ZIM {sdk} 检测：{fail}/{total} 项失败',
  cardOk: 'ZIM {sdk} 检测：{total} 项无失败',
  cardNone: 'ZIM 服务器域名检测',
}

export type PanelStrings = typeof panelZh

const panelEn: PanelStrings = {
  statusRunning: 'checking',
  statusPassUnchecked: 'pass (not checked)',
  causesTitle: 'Likely causes',
  readyTitle: 'Readiness by purpose',
  ready: '{n} of {m} reachable',
  showRows: 'Show',
  hideRows: 'Hide',
  retestRow: 'Retest',
  copyRow: 'Copy row',
  cellular: 'Every host fails on cellular ({net}): try Wi-Fi',
  copyAll: 'Copy all (a block per category)',
  localTime: 'Local time',
  retestHere: 'Retest on my phone',
  fileCancelled: 'Sending the file was cancelled',
  cardFail: 'ZIM {sdk}: {fail} of {total} failed',
  cardOk: 'ZIM {sdk}: none of {total} failed',
  cardNone: 'ZIM server domain check',
}

export const PANEL_TEXT: Record<Lang, PanelStrings> = { zh: panelZh, en: panelEn }

/** The history page's words (pages/history): kept apart, so the panel's bundle does not carry them. */
export const HISTORY_TEXT: Record<Lang, { empty: string; remove: string; counts: string }> = {
  zh: {
    empty: '还没有检测记录',
    remove: '删除',
    counts: '通过 {pass} · 警告 {warn} · 失败 {fail} · 跳过 {skipped}',
  },
  en: {
    empty: 'No runs yet',
    remove: 'Delete',
    counts: '{pass} pass · {warn} warn · {fail} fail · {skipped} skipped',
  },
}
