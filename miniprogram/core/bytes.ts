/*
 * Byte encodings of the share link (core/share.ts, core/share-body.ts): UTF-8, varints, base64url and CRC-32 over
 * plain number arrays. Pure and small (they ship in the panel); no TextEncoder, Buffer or atob in every runtime.
 * The compressor is core/lz77.ts.
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
