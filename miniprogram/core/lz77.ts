/*
 * The share link's compressor: LZ77 over plain number arrays, with a preset dictionary (core/share.ts's DICT) that
 * matches may reach into. Pure and small (it ships in the panel).
 */
import { readVarint, writeVarint } from './bytes'

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
