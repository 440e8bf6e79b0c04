import { DEFAULT_MAX_BYTES, encodeShare, shareStats } from '../miniprogram/core/share'
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
