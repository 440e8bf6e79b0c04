import { ProxyCode } from './vocabulary'
import { Bilingual } from './text-base'

/**
 * What the CLI, the offline viewer and support read and the mini-program never shows: the markdown report,
 * proxy findings, the whitelist diff, the fleet view's dimensions, the CLI's own lines.
 */

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
  /** An extra entry the console refuses, with EXTRA_ERRORS' words for why. */
  refused: '控制台不接受：{zh} / the console refuses it: {en}',
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
