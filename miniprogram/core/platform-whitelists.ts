/*
 * Each platform's console for server domains: its lists, how they match, its limits and notes, and the lists a
 * platform needs for a set of catalog rows (the CLI's `whitelist --platform`). WeChat's rules: core/whitelist.ts.
 */
import { CatalogEntry } from './catalog'
import { ALIPAY_LIST_LABEL, CATEGORY_LABELS, fill, PLATFORM_CONSOLES, WHITELIST_TEXT } from './text'
import { Category, PlatformId } from './vocabulary'
import { canonicalEntry, hostnameOf, WECHAT_WHITELIST, WhitelistRules } from './whitelist'
import { WECHAT_CONSOLE_RULES } from './whitelist-diff'

/** One platform's console: its lists, how they match, and its limits. */
export interface PlatformWhitelist<K extends string = string> {
  platform: PlatformId
  /** Where the list is edited. */
  console: { zh: string; en: string }
  rules: WhitelistRules<K>
  labels: Record<K, { zh: string; en: string }>
  /** The most entries one list takes, where documented. */
  maxPerList?: number
  /** Whether an entry may carry a port: true, false, or undefined when unverified. */
  portsAllowed?: boolean
  /** Facts worth printing beside the lists; unverified ones say so. */
  notes: { zh: string; en: string }[]
}

const FOUR_LISTS: Record<Category, { zh: string; en: string }> = CATEGORY_LABELS

/** Baidu's lists take no port: scheme and host only. */
const withoutPort = (entry: string) => canonicalEntry(entry).replace(/:\d+$/, '')

/** Alipay's one list: a domain matches whatever the scheme, port or API (see the unverified note). */
export type AlipayList = 'server'

export const PLATFORM_WHITELISTS: {
  wechat: PlatformWhitelist<Category>
  qq: PlatformWhitelist<Category>
  douyin: PlatformWhitelist<Category>
  baidu: PlatformWhitelist<Category>
  alipay: PlatformWhitelist<AlipayList>
  xhs: PlatformWhitelist<Category>
} = {
  wechat: {
    platform: 'wechat',
    console: PLATFORM_CONSOLES.wechat,
    rules: WECHAT_CONSOLE_RULES,
    labels: FOUR_LISTS,
    portsAllowed: true,
    notes: [
      {
        zh: 'https/wss 域名；端口须与配置一致；每个子域名单独填写',
        en: 'https/wss domains; a port must match the configured one; each subdomain separately',
      },
    ],
  },
  qq: {
    platform: 'qq',
    console: PLATFORM_CONSOLES.qq,
    rules: WECHAT_WHITELIST,
    labels: FOUR_LISTS,
    maxPerList: 20,
    notes: [
      {
        zh: '规则同微信；每类最多 20 个（来自设计笔记，未在此核实）',
        en: 'same rules as WeChat; at most 20 per list (from the design notes, not verified here)',
      },
    ],
  },
  douyin: {
    platform: 'douyin',
    console: PLATFORM_CONSOLES.douyin,
    rules: WECHAT_WHITELIST,
    labels: FOUR_LISTS,
    notes: [
      {
        zh: '四类列表同微信；是否允许端口未核实；测试版是否也接受 ws 未核实',
        en: 'four lists as on WeChat; whether ports are allowed is unverified; whether test builds accept ws is unverified',
      },
    ],
  },
  baidu: {
    platform: 'baidu',
    console: PLATFORM_CONSOLES.baidu,
    rules: { ...WECHAT_WHITELIST, canonical: withoutPort },
    labels: FOUR_LISTS,
    maxPerList: 20,
    portsAllowed: false,
    notes: [
      {
        zh: '四类列表，不能带端口，每类最多 20 个（来自设计笔记，未在此核实）',
        en: 'four lists, no ports, at most 20 per list (from the design notes, not verified here)',
      },
    ],
  },
  // No page read describes Xiaohongshu's server-domain settings (docs/platforms.md X5): its four network APIs
  // are WeChat's, so WeChat's four lists and rules are printed, every one marked unverified.
  xhs: {
    platform: 'xhs',
    console: PLATFORM_CONSOLES.xhs,
    rules: WECHAT_WHITELIST,
    labels: FOUR_LISTS,
    notes: [
      {
        zh: '按微信的四类列表（request / socket / uploadFile / downloadFile）给出；小红书后台的列表划分、端口规则和数量上限均未核实',
        en: 'given as WeChat’s four lists (request / socket / uploadFile / downloadFile); the Xiaohongshu console’s lists, port rules and limits are all unverified',
      },
    ],
  },
  alipay: {
    platform: 'alipay',
    console: PLATFORM_CONSOLES.alipay,
    rules: {
      lists: ['server'],
      listOf: () => 'server',
      // One entry per host name, not per API; the console matches on the first-level domain (网络 API 使用须知.md).
      canonical: hostnameOf,
      hostKey: hostnameOf,
    },
    labels: { server: ALIPAY_LIST_LABEL },
    notes: [
      // 网络 API 使用须知.md (AlipayDocs/open-docs mini/api/基础API/网络/): the list, the APIs it names, 一级域名匹配;
      // my.connectSocket.md's sample: "域名必须是后台配置的合法域名"; my.uploadFile.md: 在新版本中生效.
      {
        zh: '只有一个列表；文档写明 my.request / my.uploadFile 需要它，my.connectSocket 的示例也要求域名已在后台配置，downloadFile 未提及（都列出，无害）',
        en: 'one list; the docs name my.request / my.uploadFile, my.connectSocket’s sample also wants the domain configured, downloads are not mentioned (all are listed; harmless)',
      },
      {
        zh: '文档说按一级域名匹配（配置 a.com 即覆盖 1.a.com）；这里仍逐个列出完整域名；修改只对之后构建的新版本生效',
        en: 'the docs say entries match by first-level domain (a.com covers 1.a.com); full host names are listed here all the same; a change applies only to versions built afterwards',
      },
    ],
  },
}
/** One list ready to paste. */
export interface PlatformList {
  name: string
  label: { zh: string; en: string }
  entries: string[]
}

/** The lists a platform needs for these catalog rows, and warnings (limits, ports). */
export function platformWhitelist(
  platform: PlatformId,
  entries: readonly CatalogEntry[],
): { lists: PlatformList[]; warnings: string[] } {
  const wl = PLATFORM_WHITELISTS[platform] as PlatformWhitelist
  const lists: PlatformList[] = []
  const warnings: string[] = []
  for (const name of wl.rules.lists) {
    const seen = new Set<string>()
    const out: string[] = []
    for (const e of entries) {
      if (wl.rules.listOf(e) !== name) continue
      const key = wl.rules.canonical(e.url)
      if (seen.has(key)) continue
      seen.add(key)
      // Alipay: the domain alone (网络 API 使用须知.md's example lists bare domains: a.com, b.com).
      out.push(platform === 'alipay' ? hostnameOf(e.url) : e.url)
    }
    if (out.length === 0) continue
    lists.push({ name, label: wl.labels[name], entries: out })
    if (wl.maxPerList !== undefined && out.length > wl.maxPerList)
      warnings.push(fill(WHITELIST_TEXT.overLimit, { name, n: out.length, max: wl.maxPerList }))
    if (wl.portsAllowed === false)
      for (const u of out)
        if (/:\d+$/.test(canonicalEntry(u))) warnings.push(fill(WHITELIST_TEXT.portRefused, { name, url: u }))
  }
  return { lists, warnings }
}
