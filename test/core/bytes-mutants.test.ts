import {
  base64urlDecode,
  base64urlEncode,
  crc32,
  readVarint,
  utf8Decode,
  utf8Encode,
  writeVarint,
} from '../../miniprogram/core/bytes'
import { lz77Pack, lz77Unpack } from '../../miniprogram/core/lz77'

/*
 * core/bytes.ts (the share codec's byte utilities) read line by line for the mutation run (issue 21): each
 * range boundary of UTF-8, base64url's strictness, varint lengths, CRC-32 vectors and LZ77's tokens and limits,
 * checked against Node's Buffer or a value worked out by hand.
 */

const fail = (): never => {
  throw new Error('fail')
}
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))

describe('utf8Encode / utf8Decode', () => {
  // Each side of every length boundary, and surrogate pairs at both ends of their ranges.
  const chars = [0, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff]
  it.each(chars.map((c) => [c.toString(16), String.fromCodePoint(c)]))(
    'U+%s as Buffer writes it',
    (_n, s) => {
      const bytes = [...Buffer.from(s, 'utf8')]
      expect(utf8Encode(s)).toEqual(bytes)
      expect(utf8Decode(bytes, 0, bytes.length)).toBe(s)
    },
  )

  it('a mixed string, and a slice of a longer array', () => {
    const s = 'a\u00e9\u4e2d😀z\u07ff\u0800\udbff\udfff\uffffA'
    const bytes = [...Buffer.from(s, 'utf8')]
    expect(utf8Encode(s)).toEqual(bytes)
    expect(utf8Decode([9, 9, ...bytes, 9], 2, 2 + bytes.length)).toBe(s)
    expect(utf8Decode(bytes, 0, 0)).toBe('')
  })

  it('lone surrogates: 3 bytes each, and back', () => {
    const cases: [string, number[]][] = [
      ['\ud800', [0xed, 0xa0, 0x80]],
      ['\udbff', [0xed, 0xaf, 0xbf]],
      ['\udc00', [0xed, 0xb0, 0x80]],
      ['\udfffx', [0xed, 0xbf, 0xbf, 0x78]],
      ['\ud800\ud800', [0xed, 0xa0, 0x80, 0xed, 0xa0, 0x80]],
      ['\udc00\udc00', [0xed, 0xb0, 0x80, 0xed, 0xb0, 0x80]],
      ['\udbff\ue000', [0xed, 0xaf, 0xbf, 0xee, 0x80, 0x80]],
      ['\ud7ff\udc00', [0xed, 0x9f, 0xbf, 0xed, 0xb0, 0x80]],
    ]
    for (const [s, bytes] of cases) {
      expect(utf8Encode(s)).toEqual(bytes)
      expect(utf8Decode(bytes, 0, bytes.length)).toBe(s)
    }
  })

  it('hostile bytes give characters, never an exception', () => {
    expect(utf8Decode([0xff], 0, 1)).toBe('\udac0\udc00') // 7 << 18, past U+10FFFF
    expect(utf8Decode([0xc3], 0, 1)).toBe('\u00c0')
    expect(utf8Decode([0x80, 0x41], 0, 2)).toBe('\u0001')
  })
})

describe('crc32', () => {
  it('the standard check value, from an offset, and of nothing', () => {
    expect(crc32(ascii('123456789'), 0)).toBe(0xcbf43926)
    expect(crc32([1, 2, ...ascii('123456789')], 2)).toBe(0xcbf43926)
    expect(crc32(ascii('The quick brown fox jumps over the lazy dog'), 0)).toBe(0x414fa339)
    expect(crc32([255, 0, 128], 0)).toBe(0xac616edf)
    expect(crc32([], 0)).toBe(0)
  })
})

describe('base64url', () => {
  it('encodes every length as Buffer does, without padding', () => {
    const bytes = [0, 255, 128, 63, 1, 254, 7, 200]
    for (let n = 0; n <= bytes.length; n++) {
      const b = bytes.slice(0, n)
      const s = Buffer.from(b).toString('base64url')
      expect(base64urlEncode(b)).toBe(s)
      expect(base64urlDecode(s)).toEqual(b)
    }
    expect(base64urlEncode([251, 255])).toBe('-_8')
  })

  it('refuses characters outside the alphabet, a dangling character and non-zero unused bits', () => {
    for (const s of ['AA+A', 'AA/A', 'AA=', 'A', 'AAAAA', 'AB', 'AAB', 'AA A'])
      expect([s, base64urlDecode(s)]).toEqual([s, undefined])
    expect(base64urlDecode('')).toEqual([])
    expect(base64urlDecode('AA')).toEqual([0])
    expect(base64urlDecode('AAA')).toEqual([0, 0])
    expect(base64urlDecode('_w')).toEqual([255])
    expect(base64urlDecode('__8')).toEqual([255, 255])
  })
})

describe('varints', () => {
  it.each([
    [0, [0]],
    [127, [127]],
    [128, [128, 1]],
    [300, [172, 2]],
    [16383, [255, 127]],
    [16384, [128, 128, 1]],
    [2 ** 53 - 1, [255, 255, 255, 255, 255, 255, 255, 15]],
  ])('%d', (n, bytes) => {
    const out = [9]
    writeVarint(out, n)
    expect(out).toEqual([9, ...bytes])
    const cursor = { at: 1 }
    expect(readVarint([9, ...bytes, 5], cursor, fail)).toBe(n)
    expect(cursor.at).toBe(1 + bytes.length)
  })

  it('fails when the bytes end, or past 8 bytes', () => {
    expect(() => readVarint([128, 128], { at: 0 }, fail)).toThrow('fail')
    expect(() => readVarint([], { at: 0 }, fail)).toThrow('fail')
    expect(readVarint([...Array(7).fill(128), 1], { at: 0 }, fail)).toBe(2 ** 49)
    expect(() => readVarint([...Array(8).fill(128), 1], { at: 0 }, fail)).toThrow('fail')
  })
})

describe('lz77Pack / lz77Unpack', () => {
  const A = ascii('abc')
  const H = ascii('#')
  it.each<[string, number[], number[], number[]]>([
    ['literals only', H, ascii('abcd'), [3, ...ascii('abcd')]],
    ['a copy of 3 at distance 3', H, ascii('abcabc'), [2, ...A, 128, 3]],
    ['an overlapping copy', H, ascii('aaaaaaaa'), [0, 97, 132, 1]],
    ['a copy from the dictionary', ascii('xyzabc'), ascii('abcq'), [128, 3, 0, 113]],
    ['no copy of 3 at distance 128', ascii('abc' + 'x'.repeat(125)), ascii('abc'), [2, ...A]],
    ['a copy of 4 at distance 128', ascii('abcd' + 'x'.repeat(124)), ascii('abcd'), [129, 128, 1]],
    ['a copy of 3 at distance 127', ascii('abc' + 'x'.repeat(124)), ascii('abc'), [128, 127]],
  ])('%s', (_name, dict, input, packed) => {
    expect(lz77Pack(dict, input)).toEqual(packed)
    expect(lz77Unpack(dict, [7, ...packed], 1, 1000, fail)).toEqual(input)
  })

  it('literal runs of 128 at most; copies of 130 at most', () => {
    let seed = 1
    const lit = Array.from({ length: 300 }, () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24)
    const packed = lz77Pack([0], lit)
    expect([packed[0], packed[129], packed[258]]).toEqual([127, 127, 43])
    expect(packed).toHaveLength(303)
    expect(lz77Unpack([0], packed, 0, 1000, fail)).toEqual(lit)
    const run = Array(262).fill(5)
    expect(lz77Pack([5], run)).toEqual([255, 1, 255, 1, 1, 5, 5])
    expect(lz77Unpack([5], lz77Pack([5], run), 0, 1000, fail)).toEqual(run)
  })

  it('looks back 4096 bytes at most', () => {
    const far = [
      ...ascii('qwerty'),
      ...Array.from({ length: 4096 }, (_, i) => (i * 31) % 97),
      ...ascii('qwerty'),
    ]
    const packed = lz77Pack([0], far)
    expect(packed.slice(-7)).toEqual([5, ...ascii('qwerty')])
    expect(lz77Unpack([0], packed, 0, 5000, fail)).toEqual(far)
    // Copies that start past the first 4096 bytes still say how far back they go.
    const long = Array.from({ length: 9000 }, (_, i) => (i * 31) % 97)
    const small = lz77Pack([0], long)
    expect(small.length).toBeLessThan(300)
    expect(lz77Unpack([0], small, 0, 9000, fail)).toEqual(long)
  })

  it('round-trips seeded data with a dictionary', () => {
    let seed = 7
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % 6
    const dict = ascii('hello world, hello share links')
    const input = Array.from({ length: 3000 }, () => 'hel o,w'.charCodeAt(rnd()))
    const packed = lz77Pack(dict, input)
    expect(packed.length).toBeLessThan(input.length)
    expect(lz77Unpack(dict, packed, 0, 3000, fail)).toEqual(input)
  })

  it('fails on a literal run past the end, a copy from before the start or of distance 0, and past maxLength', () => {
    expect(lz77Unpack([], [0, 65], 0, 10, fail)).toEqual([65])
    expect(() => lz77Unpack([], [1, 65], 0, 10, fail)).toThrow('fail')
    expect(lz77Unpack([1, 2], [128, 2], 0, 10, fail)).toEqual([1, 2, 1])
    expect(() => lz77Unpack([1, 2], [128, 3], 0, 10, fail)).toThrow('fail')
    expect(() => lz77Unpack([1, 2], [128, 0], 0, 10, fail)).toThrow('fail')
    expect(() => lz77Unpack([1, 2], [128], 0, 10, fail)).toThrow('fail')
    // maxLength counts the output, not the dictionary before it.
    expect(lz77Unpack([1, 2], [128, 2], 0, 3, fail)).toEqual([1, 2, 1])
    expect(() => lz77Unpack([1, 2], [129, 2], 0, 3, fail)).toThrow('fail')
    expect(lz77Unpack([], [], 0, 0, fail)).toEqual([])
  })
})

describe('lz77 without a preset dictionary', () => {
  it('the first bytes are literals (nothing before them to copy), and any input round-trips', () => {
    const fail = (): never => {
      throw new Error('bad')
    }
    for (const text of ['aaaaaa', 'abcabcabcabc', 'x', '', 'ab'.repeat(300)]) {
      const input = Array.from(text, (c) => c.charCodeAt(0))
      const packed = lz77Pack([], input)
      expect(lz77Unpack([], packed, 0, 1 << 16, fail)).toEqual(input)
    }
    // 'aaaaaa': one literal, then a copy of 5 from 1 back.
    expect(lz77Pack([], [97, 97, 97, 97, 97, 97])).toEqual([0, 97, 5 + 125, 1])
  })
})
