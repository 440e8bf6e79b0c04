import { crc32 } from '../miniprogram/core/bytes'
import { decodeShare, DEFAULT_MAX_BYTES, encodeShare, shareStats } from '../miniprogram/core/share'
import { report2130 } from '../test/helpers/reports'
import { figure } from './figures'

test('share-card payload of a full 2.13.0 report', () => {
  const report = report2130()
  const enc = encodeShare(report)
  const stats = shareStats(report)
  const json = JSON.stringify(report).length
  figure(
    'share_payload_bytes',
    enc.bytes,
    { max: DEFAULT_MAX_BYTES },
    `whole path, complete=${enc.complete}; the report as JSON is ${json} B; body before compression ${stats.raw} B`,
  )
})

/** Median wall time of `runs` calls (after one warm-up), in ms. */
function median(fn: () => unknown, runs = 9): number {
  fn()
  const times = Array.from({ length: runs }, () => {
    const t = process.hrtime.bigint()
    fn()
    return Number(process.hrtime.bigint() - t) / 1e6
  }).sort((a, b) => a - b)
  return times[Math.floor(runs / 2)]
}

test('a giant report and a decompression bomb cost a bounded multiple of a normal link', () => {
  const normal = report2130()
  const giant = report2130()
  // Every message 1000 characters longer, 60 KB of warnings: far over the card, so the encoder cuts.
  giant.results.forEach((r) => r.error && (r.error.errMsg += 'ab'.repeat(500)))
  giant.warnings = ['x'.repeat(30000), '0123456789abcdef'.repeat(1875)]
  const base = median(() => encodeShare(normal))
  const big = median(() => encodeShare(giant))
  figure(
    'share_giant_encode_ratio',
    big / base,
    { max: 100 },
    `encode ${big.toFixed(1)} ms vs ${base.toFixed(1)} ms for the realistic 2.13.0 report`,
  )
  // One literal, then 2900 copies of 130 bytes (~380 KB if unpacked), with a right CRC-32.
  const body = [0, 65, ...Array.from({ length: 2900 }, () => [255, 1]).flat()]
  const c = crc32(body, 0) >>> 0
  const bomb =
    'z1.' + Buffer.from([c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255, ...body]).toString('base64url')
  const answer = decodeShare(bomb)
  // Refused for its size, not for a checksum (which would cost nothing).
  if (answer.ok || /damaged/.test(answer.error)) throw new Error('the bomb is not refused for its size')
  const link = encodeShare(normal).path
  const read = median(() => decodeShare(link))
  const refused = median(() => decodeShare(bomb))
  figure(
    'share_bomb_decode_ratio',
    refused / read,
    { max: 20 },
    `refuse ${refused.toFixed(2)} ms vs read ${read.toFixed(2)} ms for the realistic link`,
  )
})
