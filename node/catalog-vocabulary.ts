import { isPurposeName } from '../miniprogram/core/catalog-json'
import { compareVersions } from '../miniprogram/core/resolver'
import { PURPOSE_LABELS } from '../miniprogram/core/text'
import { Category, KnownPurpose, PURPOSES } from '../miniprogram/core/vocabulary'

/*
 * The docs' words → the catalog's values (one job of the importer, node/catalog-import.ts): a version range as
 * written (`1.2.0 ~ 2.1.5`, `2.13.0 及以上`, `>= 2.13.0`, `or later`…) → one of the two canonical forms the panel
 * reads (core/catalog.ts); a category cell → the categories it names; a description → the purpose it names.
 */

const V = 'v?(\\d+\\.\\d+\\.\\d+)'
const BOUNDED = new RegExp(`^${V} ?(?:~|-|至|到|to) ?${V}$`, 'i')
const OPEN = new RegExp(
  `^(?:(?:>=|≥) ?${V}|${V} ?(?:及以上|以上|或以上|及更高|及更高版本|及之后|起|\\+|or (?:later|above|newer)|and (?:later|above|newer)))$`,
  'i',
)
const UPTO = new RegExp(`^(?:(?:<=|≤) ?${V}|${V} ?(?:及以下|以下|或以下|及之前|or (?:earlier|below)))$`, 'i')
const EXACT = new RegExp(`^${V}$`, 'i')

const norm = (v: string) => v.split('.').map(Number).join('.')

/**
 * A range as the docs write it → its canonical form: `1.2.0 ~ 2.1.5` (also `-`, `至`, full-width `～`),
 * `2.13.0 及以上` (also `以上`, `+`, `>= 2.13.0`, `or later`); `2.1.5 及以下` is `0.0.0 ~ 2.1.5`, one version
 * `2.1.5` is `2.1.5 ~ 2.1.5`. Throws, saying what it expected, otherwise.
 */
export function canonicalRange(raw: string): string {
  const written = String(raw).replace(/\s+/g, ' ').trim()
  const t = written
    .replace(/[～〜]/g, '~')
    .replace(/[－–—]/g, '-')
    .replace(/．/g, '.')
    .replace(/＋/g, '+')
    .replace(/ ?版本$/, '')
  let m = BOUNDED.exec(t)
  if (m) {
    const [min, max] = [norm(m[1]), norm(m[2])]
    if (compareVersions(min, max) > 0) throw new Error(`version range "${written}" goes backwards`)
    return `${min} ~ ${max}`
  }
  if ((m = OPEN.exec(t))) return `${norm(m[1] ?? m[2])} 及以上`
  if ((m = UPTO.exec(t))) return `0.0.0 ~ ${norm(m[1] ?? m[2])}`
  if ((m = EXACT.exec(t))) return `${norm(m[1])} ~ ${norm(m[1])}`
  throw new Error(`unrecognised version range "${written}": use e.g. "1.2.0 ~ 2.1.5" or "2.13.0 及以上"`)
}

/** A cell that is a URL or a bare domain (`wss://a.zego.im`, `a.zego.im:443`). */
export const URLISH = /^(?:[a-z]+:\/\/|[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?\/?$)/i

/** The categories a cell names, in the order it names them (`socket / request 合法域名`). */
export function categoriesIn(text: string): Category[] {
  const t = text.toLowerCase().replace(/[\s_-]+/g, '')
  const found: [number, Category][] = []
  const at = (re: RegExp, c: Category) => {
    const m = re.exec(t)
    if (m) found.push([m.index, c])
  }
  at(/uploadfile|上传文件/, 'uploadFile')
  at(/downloadfile|下载文件/, 'downloadFile')
  at(/websocket|socket/, 'socket')
  at(/request/, 'request')
  return found.sort((a, b) => a[0] - b[0]).map(([, c]) => c)
}

/**
 * Names the docs give the known purposes (zh, and the English docs' wording), lower-cased. A Map: a page's
 * "constructor：…" is a purpose of that name, never an object's inherited property.
 */
const KNOWN_PURPOSES = new Map<string, KnownPurpose>([
  ['access domain', 'access'],
  ['data report', 'report'],
  ['data reporting', 'report'],
  ['cloud control', 'config'],
  ['cloud configuration', 'config'],
  ['log report', 'log'],
  ['log reporting', 'log'],
  ['file and media messages', 'file'],
  ['file media messages', 'file'],
])
for (const p of PURPOSES)
  if (p !== 'app') {
    KNOWN_PURPOSES.set(p, p)
    KNOWN_PURPOSES.set(PURPOSE_LABELS[p].zh, p)
    KNOWN_PURPOSES.set(PURPOSE_LABELS[p].en.toLowerCase(), p)
  }

/** The purpose a description names before its colon, e.g. `接入域名：ZEGO 服务器的 WebSocket 通信地址。`. */
export function purposeOf(description: string): string | undefined {
  const text = description.replace(/\s+/g, ' ').trim()
  const m = /^([^：:]{1,40}?)\s*[：:]/.exec(text) ?? /^([^，,。.；;（(]{1,40})(?:[，,。.；;（(]|$)/.exec(text)
  const name = m?.[1].trim()
  if (!name) return undefined
  const known = KNOWN_PURPOSES.get(name.toLowerCase())
  if (known) return known
  return isPurposeName(name) ? name : undefined
}
