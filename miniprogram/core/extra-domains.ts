import { CatalogEntry } from './catalog-rows'
import { EXTRA_ERRORS, fill } from './text'
import { CATEGORIES, Category, Lang } from './vocabulary'

/*
 * The app's own server domains (its login/token server, its CDN…), typed as `request:https://api.example.com,
 * socket:wss://im.example.com`, checked as 小程序后台 > 开发 > 开发设置 > 服务器域名 takes them
 * (developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html, 服务器域名配置): https for request,
 * uploadFile and downloadFile, wss for socket; a domain, never an IP address or localhost; an https domain may
 * carry a port (then matched exactly), a wss domain takes none ("无需配置端口，默认允许请求该域名下所有端口");
 * no path; no wildcard (the console takes no parent domain); api.weixin.qq.com refused. Catalog JSON rows pass
 * the same check.
 */

/** Why the console refuses a server domain (EXTRA_ERRORS holds each one's words). */
export type RefusalCode = Exclude<keyof typeof EXTRA_ERRORS, 'category'>

export type UrlCheck = { ok: true; url: string } | { ok: false; error: string; code?: RefusalCode }

/** scheme, host, port, then anything after the authority (a path, a query). */
const URL_PARTS = /^([a-z]+):\/\/([^/?#:]*)(?::(\d*))?\/?(.*)$/i
const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/

/** The scheme WeChat takes for a category's domains. */
export const schemeOf = (category: Category): 'wss' | 'https' => (category === 'socket' ? 'wss' : 'https')

/**
 * One server domain as the console takes it for `category`: `scheme://host[:port]`, lower-cased, a lone trailing
 * `/` dropped; or why not, in `lang`.
 */
export function checkServerUrl(category: Category, raw: string, lang: Lang): UrlCheck {
  const want = schemeOf(category)
  const m = URL_PARTS.exec(raw.trim().toLowerCase())
  const host = m ? m[2].replace(/\.$/, '') : ''
  const port = m ? m[3] : undefined
  const code: RefusalCode | '' =
    !m || m[1] !== want
      ? 'scheme'
      : /^[\d.]+$|^\[|(^|\.)localhost$/.test(host)
        ? 'ip'
        : m[4]
          ? 'path'
          : port !== undefined && (want === 'wss' || !(+port > 0 && +port < 65536))
            ? 'port'
            : host.length > 253 || !DOMAIN.test(host)
              ? 'domain'
              : host === 'api.weixin.qq.com'
                ? 'weixin'
                : ''
  return code
    ? { ok: false, error: fill(EXTRA_ERRORS[code][lang], { category, want }), code }
    : { ok: true, url: want + '://' + host + (port ? ':' + +port : '') }
}

/** Any version: the app's own domains are not tied to a ZIM SDK version. */
const ANY = { written: '', semver: '*', min: '0.0.0' }

export interface ExtraDomains {
  /** One entry per good item, purpose `app`, row 0, each `category:url` once. */
  entries: CatalogEntry[]
  /** One message per bad item, naming it. */
  errors: string[]
}

/**
 * Reads `request:https://api.example.com,socket:wss://im.example.com` (items separated by commas, spaces, new
 * lines or `;`; a list of such strings too). Never throws.
 */
export function parseExtraDomains(input: unknown, lang: Lang): ExtraDomains {
  const entries: CatalogEntry[] = []
  const errors: string[] = []
  const items = (Array.isArray(input) ? input : [input])
    .join(',')
    .split(/[\s,，;；]+/)
    .filter(Boolean)
  for (const item of items) {
    const m = /^([a-z]+)[:：](.*)$/i.exec(item)
    const category = m && CATEGORIES.find((c) => c.toLowerCase() === m[1].toLowerCase())
    const checked: UrlCheck =
      m && category && m[2].slice(0, 2) !== '//'
        ? checkServerUrl(category, m[2], lang)
        : { ok: false, error: EXTRA_ERRORS.category[lang] }
    if (!checked.ok) errors.push(`"${item}": ${checked.error}`)
    else if (category) {
      const id = `${category}:${checked.url}`
      if (!entries.some((e) => e.id === id))
        entries.push({ id, category, url: checked.url, purpose: 'app', range: ANY, row: 0 })
    }
  }
  return { entries, errors }
}

/** The catalog rows to check, then the app's own domains that are not already among them. */
export function withExtras(
  entries: readonly CatalogEntry[],
  extras: readonly CatalogEntry[],
): CatalogEntry[] {
  return entries.concat(extras.filter((x) => !entries.some((e) => e.id === x.id)))
}
