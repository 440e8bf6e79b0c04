/*
 * Byte utilities of the share-link codec (core/share.ts): UTF-8, varints, base64url, CRC-32 and LZ77 over plain
 * number arrays. Pure and small (they ship in the panel); no TextEncoder, Buffer or atob in every runtime.
 */

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** UTF-8 bytes of a string; a lone surrogate is written as its own 3 bytes (so it round-trips). */
export function utf8Encode(s: string): number[] {
  const out: number[] = []
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    const d = s.charCodeAt(i + 1)
    if (c >= 0xd800 && c < 0xdc00 && d >= 0xdc00 && d < 0xe000)
      c = 0x10000 + ((c - 0xd800) << 10) + d - 0xdc00
    if (c > 0xffff) i++
    const n = c < 0x80 ? 0 : c < 0x800 ? 1 : c < 0x10000 ? 2 : 3
    out.push(n ? ((0xff << (7 - n)) & 255) | (c >> (6 * n)) : c)
    for (let k = n - 1; k >= 0; k--) out.push(0x80 | ((c >> (6 * k)) & 63))
  }
  return out
}

/** `b[i..end)` as a string. Lenient: hostile bytes give odd characters, never an exception. Lone surrogates round-trip. */
export function utf8Decode(b: number[], i: number, end: number): string {
  let s = ''
  while (i < end) {
    const c = b[i++]
    const n = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3
    let cp = n ? c & (0x3f >> n) : c
    for (let k = 0; k < n; k++) cp = (cp << 6) | (b[i++] & 63)
    if (cp < 0x10000) s += String.fromCharCode(cp)
    else s += String.fromCharCode(0xd800 + (((cp - 0x10000) >> 10) & 1023), 0xdc00 + (cp & 1023))
  }
  return s
}

/** CRC-32 (IEEE, as zlib) of `b[from..]`, unsigned. */
export function crc32(b: number[], from: number): number {
  let c = -1
  for (let i = from; i < b.length; i++) {
    c ^= b[i]
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

/** base64url without padding. */
export function base64urlEncode(b: number[]): string {
  let s = ''
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0)
    for (let k = 0; k <= Math.min(3, b.length - i); k++) s += B64URL[(n >> (18 - 6 * k)) & 63]
  }
  return s
}

/** Strict: a character outside the alphabet, a dangling character or non-zero unused bits give undefined. */
export function base64urlDecode(s: string): number[] | undefined {
  const out: number[] = []
  let acc = 0
  let bits = 0
  for (let i = 0; i < s.length; i++) {
    const v = B64URL.indexOf(s[i])
    if (v < 0) return undefined
    acc = (acc << 6) | v
    if ((bits += 6) >= 8) out.push(acc >> (bits -= 8))
    acc &= (1 << bits) - 1
  }
  return acc === 0 && bits < 6 ? out : undefined
}

/** Appends an unsigned LEB128 varint (7 bits a byte, low first). `n` is a non-negative integer. */
export function writeVarint(out: number[], n: number): void {
  for (; n >= 128; n = Math.floor(n / 128)) out.push(128 + (n % 128))
  out.push(n)
}

/** Reads a varint at `cursor.at` (moving it on); `fail` when the bytes end or it runs over 8 bytes. */
export function readVarint(b: number[], cursor: { at: number }, fail: () => never): number {
  let v = 0
  for (let k = 0, m = 1; k < 8; k++, m *= 128) {
    const c = b[cursor.at++] ?? fail()
    v += (c & 127) * m
    if (c < 128) return v
  }
  return fail()
}

// LZ77 tokens: t < 128: t+1 literal bytes follow; t ≥ 128: copy t-125 bytes from `varint` back (dict first).

/** LZ77 of `input`, matches allowed into the preset `dict` before it. */
export function lz77Pack(dict: number[], input: number[]): number[] {
  const s = dict
    .concat(input)
    .map((c) => String.fromCharCode(c))
    .join('')
  const out: number[] = []
  let literals: number[] = []
  const flush = () => {
    for (let k = 0; k < literals.length; k += 128)
      out.push(Math.min(128, literals.length - k) - 1, ...literals.slice(k, k + 128))
    literals = []
  }
  for (let i = dict.length; i < s.length; ) {
    let len = 0
    let dist = 0
    const from = Math.max(0, i - 4096) // a window keeps a huge report from costing seconds
    const win = s.slice(from, i + 130)
    // Nothing before the first byte to copy from (an empty dict): a literal.
    for (let n = 3, j; i > 0 && n <= 130 && i + n <= s.length; n++) {
      if ((j = win.lastIndexOf(s.slice(i, i + n), i - 1 - from)) < 0) break
      len = n
      dist = i - from - j
    }
    // A copy of 3 bytes pays only with a 1-byte distance.
    if (len < (dist < 128 ? 3 : 4)) literals.push(s.charCodeAt(i++))
    else {
      flush()
      out.push(len + 125)
      writeVarint(out, dist)
      i += len
    }
  }
  flush()
  return out
}

/** Inflates `b[from..]` packed by lz77Pack with the same `dict`; `fail` on bad tokens or over `maxLength` bytes. */
export function lz77Unpack(
  dict: number[],
  b: number[],
  from: number,
  maxLength: number,
  fail: () => never,
): number[] {
  const out = dict.slice()
  const cursor = { at: from }
  while (cursor.at < b.length) {
    const t = b[cursor.at++]
    if (t < 128) {
      if (cursor.at + t >= b.length) fail()
      out.push(...b.slice(cursor.at, (cursor.at += t + 1)))
    } else {
      const d = readVarint(b, cursor, fail)
      if (d < 1 || d > out.length) fail()
      for (let k = t - 125; k > 0; k--) out.push(out[out.length - d])
    }
    if (out.length - dict.length > maxLength) fail()
  }
  return out.slice(dict.length)
}
