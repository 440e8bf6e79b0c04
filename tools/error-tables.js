#!/usr/bin/env node
'use strict'
/**
 * The platform code tables the classifier ships (miniprogram/core/error-tables.ts) are generated from the
 * vendored upstream extracts in test/fixtures/upstream/*.json, which carry each code, its upstream symbol,
 * our category and the source. This script:
 *
 *   node tools/error-tables.js generate           writes miniprogram/core/error-tables.ts from the extracts
 *   node tools/error-tables.js generate --check   exits 1 when the shipped file differs from what the extracts give
 *   node tools/error-tables.js diff chromium <net_error_list.h>
 *   node tools/error-tables.js diff nsurl <NSURLError.h>
 *   node tools/error-tables.js diff cfnetwork <CFNetworkErrors.h>
 *       re-extracts the codes from a newer upstream file and prints what changed against the vendored
 *       extract (added codes with the category their range proposes, removed codes, renamed symbols).
 *
 * Facts (numbers and names) are read from the upstream file; nothing of its text is copied.
 */
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const UPSTREAM = path.join(ROOT, 'test', 'fixtures', 'upstream')
const OUT = path.join(ROOT, 'miniprogram', 'core', 'error-tables.ts')

/** Same order as ERROR_CATEGORIES in miniprogram/core/classifier.ts (a category is shipped as its index). */
const CATEGORIES = [
  'not_whitelisted',
  'dns',
  'timeout',
  'refused',
  'tls',
  'offline',
  'aborted',
  'too_many',
  'bad_request',
  'http',
  'unknown',
  'proxy',
]

// ——— shared with the classifier (the classifier has its own copy; a test checks both agree) ———

/** The 64 characters a hash is written in (all safe in a JS string literal). */
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_'

/** FNV-1a over UTF-16 code units, seeded, as 3 characters of DIGITS (18 bits). */
function hash3(s, seed) {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return DIGITS[(h >>> 12) & 63] + DIGITS[(h >>> 6) & 63] + DIGITS[h & 63]
}

/** Quoted host names (“%@” in the tables) become one marker, so a description matches whatever host it names. */
const QUOTED = /[“"「‘][^”"」’]{0,200}[”"」’]/g
/** What a description key ignores: whitespace, digits, ASCII and CJK punctuation. */
const NOISE = /[\s\d!-/:-?[-`{-~\u2010-\u2027\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]/g

/** The key of one sentence: case, width, punctuation and digits do not count. */
function sentenceKey(sentence) {
  return sentence.toLowerCase().replace(NOISE, '')
}

/** The key a localized description is filed under: its first sentence. */
function descriptionKey(text) {
  const t = text.normalize('NFKC').replace(QUOTED, '@')
  return sentenceKey(t.split(/[。.!?！？\n]/)[0])
}

// ——— reading the extracts ———

function readExtract(name) {
  return JSON.parse(fs.readFileSync(path.join(UPSTREAM, name), 'utf8'))
}

function catChar(category) {
  const i = CATEGORIES.indexOf(category)
  if (i < 0) throw new Error(`unknown category ${category}`)
  return i.toString(36)
}

/** "start:cats,start:cats" over |code|, one category character per code, "." for a code the table skips. */
function segments(entries) {
  const sorted = [...entries].sort((a, b) => a[0] - b[0])
  const out = []
  let start = -1
  let run = ''
  let next = -1
  for (const [n, c] of sorted) {
    if (n === next) run += c
    else if (start >= 0 && n - next <= 3) run += '.'.repeat(n - next) + c
    else {
      if (start >= 0) out.push(`${start}:${run}`)
      start = n
      run = c
    }
    next = n + 1
  }
  if (start >= 0) out.push(`${start}:${run}`)
  return out.join(',')
}

/** One exported string, wrapped as prettier wraps it (printWidth 110). */
function constant(name, value) {
  const line = `export const ${name} = '${value}'`
  return line.length > 110 ? `export const ${name} =\n  '${value}'` : line
}

function findSeed(groups) {
  for (let seed = 0; seed < 1e6; seed++) {
    if (groups.every((g) => new Set(g.map((s) => hash3(s, seed))).size === g.length)) return seed
  }
  throw new Error('no collision-free seed')
}

function build() {
  const chromium = readExtract('chromium-net-errors.json')
  const nsurl = readExtract('apple-nsurl-errors.json')
  const cf = readExtract('apple-cfnetwork-errors.json')
  const desc = readExtract('apple-localized-descriptions.json')
  const wx = readExtract('wechat-errno.json')

  // The smallest seed under which no two names, and no two descriptions, share a hash.
  const seed = findSeed([
    chromium.rows.map((r) => r.symbol.replace(/^ERR_/, '')),
    [...new Set(desc.rows.map((r) => descriptionKey(r.text)))],
  ])
  const hash = (s) => hash3(s, seed)

  // Chromium: numbers, then one name hash per listed number (same order), then former names.
  const primary = chromium.rows.filter((r) => r.status !== 'former name')
  const byCode = new Map()
  for (const r of primary) {
    if (byCode.has(r.code)) throw new Error(`chromium ${r.code} listed twice`)
    byCode.set(r.code, r)
  }
  const chromiumNumbers = segments(primary.map((r) => [-r.code, catChar(r.category)]))
  const chromiumNames = [...primary]
    .sort((a, b) => b.code - a.code)
    .map((r) => hash(r.symbol.replace(/^ERR_/, '')))
    .join('')
  const aliases = chromium.rows
    .filter((r) => r.status === 'former name')
    .map((r) => hash(r.symbol.replace(/^ERR_/, '')) + (-r.code).toString(36).padStart(2, '0'))
    .join('')
  const ranges = Object.entries(chromium.ranges)
    .filter(([k]) => /^\d+-\d+$/.test(k))
    .sort((a, b) => parseInt(a[0]) - parseInt(b[0]))
    .map(([, c]) => catChar(c))
    .join('')

  const nsurlNumbers = segments(nsurl.rows.map((r) => [-r.code, catChar(r.category)]))
  const nsurlCodes = new Set(nsurl.rows.map((r) => r.code))
  const cfPositive = segments(cf.rows.filter((r) => r.code > 0).map((r) => [r.code, catChar(r.category)]))
  const cfOnly = segments(
    cf.rows.filter((r) => r.code < 0 && !nsurlCodes.has(r.code)).map((r) => [-r.code, catChar(r.category)]),
  )

  // Descriptions: key hash + NSURL code (-code - 999, 2 base-36 characters).
  const nsurlCategory = new Map(nsurl.rows.map((r) => [r.code, r.category]))
  const keys = new Map()
  for (const r of desc.rows) {
    if (!nsurlCategory.has(r.code)) throw new Error(`description for unknown code ${r.code}`)
    const k = hash(descriptionKey(r.text))
    const prev = keys.get(k)
    if (prev !== undefined && nsurlCategory.get(prev) !== nsurlCategory.get(r.code))
      throw new Error(`description key collision: ${r.text}`)
    if (prev === undefined) keys.set(k, r.code)
  }
  const descriptions = [...keys.entries()]
    .map(([k, code]) => k + (-code - 999).toString(36).padStart(2, '0'))
    .join('')

  const decisive = segments(
    wx.rows.filter((r) => r.use === 'decisive').map((r) => [r.errno, catChar(r.category)]),
  )
  const fallback = segments(
    wx.rows.filter((r) => r.use === 'fallback').map((r) => [r.errno, catChar(r.category)]),
  )

  return [
    '// Generated by tools/error-tables.js from test/fixtures/upstream/*.json (sources and dates are there).',
    '// Do not edit: change the extract, then run `node tools/error-tables.js generate`.',
    '// A category is its index in ERROR_CATEGORIES, in base 36; "." is a code the table does not list.',
    '',
    '/** Chromium net_error_list.h: "start:categories" segments over -code. */',
    constant('CHROMIUM', chromiumNumbers),
    '/** Seed of the name and description hashes (the smallest without a collision). */',
    `export const SEED = ${seed}`,
    '/** 3-character hashes of the ERR_ names, one per listed code, from -1 down. */',
    constant('CHROMIUM_NAMES', chromiumNames),
    '/** Former names: hash + -code in base 36. */',
    constant('CHROMIUM_ALIASES', aliases),
    '/** Category of an unlisted number by its hundred (0-99, 100-199, … 900-999). */',
    constant('CHROMIUM_RANGES', ranges),
    '/** NSURLErrorDomain (NSURLError.h): segments over -code. */',
    constant('NSURL', nsurlNumbers),
    '/** kCFErrorDomainCFNetwork (CFNetworkErrors.h): positive codes. */',
    constant('CFNETWORK', cfPositive),
    '/** kCFErrorDomainCFNetwork negative codes that NSURLErrorDomain does not share: segments over -code. */',
    constant('CFNETWORK_NEGATIVE', cfOnly),
    '/** NSURLError localized descriptions: 3-character hash of the first sentence + (-code - 999) in base 36. */',
    constant('DESCRIPTIONS', descriptions),
    '/** wx errno that decide alone: segments over errno. */',
    constant('WX_ERRNO', decisive),
    '/** wx errno that decide only when nothing in the message does. */',
    constant('WX_FALLBACK', fallback),
    '',
  ].join('\n')
}

// ——— re-extracting from a newer upstream file ———

/** NET_ERROR(NAME, -N) lines; removed codes named in comments ("Error -N was removed (NAME)"). */
function parseChromium(text) {
  const rows = []
  for (const m of text.matchAll(/^\s*NET_ERROR\(\s*([A-Z0-9_]+)\s*,\s*(-\d+)\s*\)/gm))
    rows.push({ code: Number(m[2]), symbol: `ERR_${m[1]}` })
  for (const m of text.matchAll(/Error (-\d+) was removed \(([A-Z0-9_]+)\)/g))
    rows.push({ code: Number(m[1]), symbol: `ERR_${m[2]}`, removed: true })
  return rows
}

/** `NSURLErrorX = -N,` / `kCFErrorX = N,` enum lines (availability macros between name and value allowed). */
function parseApple(text, prefix) {
  const rows = []
  const re = new RegExp(`^\\s*(${prefix}\\w+)\\b[^=\\n]*=\\s*(-?\\d+)L?\\s*,?`, 'gm')
  for (const m of text.matchAll(re)) rows.push({ code: Number(m[2]), symbol: m[1] })
  return rows
}

function proposedChromium(code, ranges) {
  const key = Object.keys(ranges).find((k) => {
    const [lo, hi] = k.split('-').map(Number)
    return -code >= lo && -code <= hi
  })
  return key ? ranges[key] : 'unknown'
}

/** Lines describing how a fresh extraction differs from the vendored rows. */
function diffRows(vendored, fresh, propose) {
  const lines = []
  const old = new Map(vendored.filter((r) => r.status !== 'former name').map((r) => [r.code, r]))
  const now = new Map()
  for (const r of fresh) if (!now.has(r.code) || !r.removed) now.set(r.code, r)
  for (const [code, r] of [...now].sort((a, b) => b[0] - a[0])) {
    const was = old.get(code)
    if (!was)
      lines.push(`+ ${code} ${r.symbol}${r.removed ? ' (removed upstream)' : ''} → proposed ${propose(code)}`)
    else if (was.symbol !== r.symbol)
      lines.push(`~ ${code} ${was.symbol} → ${r.symbol} (keeps ${was.category})`)
  }
  for (const [code, r] of old)
    if (!now.has(code)) lines.push(`- ${code} ${r.symbol} (${r.category}) is gone upstream`)
  return lines
}

function diff(kind, file) {
  const text = fs.readFileSync(file, 'utf8')
  if (kind === 'chromium') {
    const ex = readExtract('chromium-net-errors.json')
    const fresh = parseChromium(text)
    if (fresh.length === 0) throw new Usage(`${file}: no NET_ERROR(NAME, -N) lines found`)
    return diffRows(ex.rows, fresh, (c) => proposedChromium(c, ex.ranges))
  }
  if (kind === 'nsurl' || kind === 'cfnetwork') {
    const ex = readExtract(kind === 'nsurl' ? 'apple-nsurl-errors.json' : 'apple-cfnetwork-errors.json')
    const fresh = parseApple(text, kind === 'nsurl' ? 'NSURLError' : 'kCF')
    if (fresh.length === 0)
      throw new Usage(`${file}: no ${kind === 'nsurl' ? 'NSURLError' : 'kCF'}… = N lines found`)
    return diffRows(ex.rows, fresh, () => 'unknown (decide by hand)')
  }
  throw new Usage(`unknown table "${kind}": use chromium, nsurl or cfnetwork`)
}

class Usage extends Error {}

function main(argv) {
  const [cmd, a, b] = argv
  if (cmd === 'generate') {
    const src = build()
    if (a === '--check') {
      const shipped = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : ''
      if (shipped !== src) {
        process.stderr.write(
          `${path.relative(ROOT, OUT)} is stale: run node tools/error-tables.js generate\n`,
        )
        return 1
      }
      return 0
    }
    fs.writeFileSync(OUT, src)
    process.stdout.write(`wrote ${path.relative(ROOT, OUT)} (${Buffer.byteLength(src)} bytes)\n`)
    return 0
  }
  if (cmd === 'diff') {
    if (!a || !b)
      throw new Usage('usage: node tools/error-tables.js diff chromium|nsurl|cfnetwork <upstream file>')
    if (!fs.existsSync(b)) throw new Usage(`${b}: no such file`)
    const lines = diff(a, b)
    process.stdout.write(lines.length ? lines.join('\n') + '\n' : 'no change against the vendored extract\n')
    return 0
  }
  throw new Usage(
    'usage: node tools/error-tables.js generate [--check] | diff chromium|nsurl|cfnetwork <file>',
  )
}

module.exports = {
  CATEGORIES,
  hash3,
  descriptionKey,
  sentenceKey,
  build,
  parseChromium,
  parseApple,
  diffRows,
  diff,
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2))
  } catch (e) {
    process.stderr.write(`${e instanceof Usage ? '' : 'error-tables: '}${e.message}\n`)
    process.exitCode = 2
  }
}
