import { CatalogEntry } from './catalog-rows'
import { EXTRA_ERRORS, fill } from './text'
import { CATEGORIES, Category, Lang } from './vocabulary'

/*
 * The app's own server domains (its login/token server, its CDN…), typed as `request:https://api.example.com,
 * socket:wss://im.example.com`, checked as 小程序后台 > 开发 > 开发设置 > 服务器域名 takes them
 * (developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html, 服务器域名配置): https for request,
 * uploadFile and downloadFile, wss for socket; a domain, never an IP address or localhost; an https domain may
 * carry a port (then matched exactly), a wss domain takes none (every port is allowed); no path; no parent
 * domain or wildcard; api.weixin.qq.com refused. Catalog JSON rows pass the same check.
 */

export type UrlCheck = { ok: true; url: string } | { ok: false; error: string }

const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)([?#].*)?$/i
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/

/** The scheme WeChat takes for a category's domains. */
export const schemeOf = (category: Category): 'wss' | 'https' => (category === 'socket' ? 'wss' : 'https')

/**
 * One server domain as the console takes it for `category`: `scheme://host[:port]`, lower-cased, a lone trailing
 * `/` dropped; or why not, in `lang`.
 */
export function checkServerUrl(category: Category, raw: string, lang: Lang): UrlCheck {
  const want = schemeOf(category)
  const m = URL_PARTS.exec(raw.trim())
  const authority = m ? m[2].toLowerCase() : ''
  const hp = /^([^:@]*)(?::(\d*))?$/.exec(authority)
  const host = hp ? hp[1].replace(/\.$/, '') : ''
  const port = hp ? hp[2] : undefined
  const labels = host.split('.')
  const code: keyof typeof EXTRA_ERRORS | '' =
    !m || m[1].toLowerCase() !== want
      ? 'scheme'
      : m[4] || (m[3] && m[3] !== '/')
        ? 'path'
        : authority.includes('*')
          ? 'wildcard'
          : /^(\d+\.){3}\d+$|^\[|(^|\.)localhost$/.test(host) || authority[0] === '['
            ? 'ip'
            : port !== undefined && want === 'wss'
              ? 'wss_port'
              : port !== undefined && !(+port >= 1 && +port <= 65535)
                ? 'port'
                : host === 'api.weixin.qq.com'
                  ? 'weixin'
                  : !hp || host.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l))
                    ? 'domain'
                    : /^\d+$/.test(labels[labels.length - 1])
                      ? 'domain'
                      : ''
  if (code)
    return {
      ok: false,
      error: fill(EXTRA_ERRORS[code][lang], { category, want, port, host: host || authority }),
    }
  return { ok: true, url: `${want}://${host}${port !== undefined ? `:${+port}` : ''}` }
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
