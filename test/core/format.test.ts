import {
  breakableUrl,
  deviceName,
  formatCreatedAt,
  formatLatency,
  formatLocalTime,
  formatTiming,
  shownStatus,
  summaryTone,
} from '../../miniprogram/core/format'
import { clip, shareTitle } from '../../miniprogram/core/share-title'

// core/format.ts is what every reader of a report shares (panel, report page, viewer, text renderers). The
// panel's own tests (test/store/) go through the view model; these read each function directly, so the core's
// mutation run (which leaves test/store out) sees them.

describe('formatLatency', () => {
  it('rounds the total to whole milliseconds, nothing without a timing', () => {
    expect(formatLatency({ totalMs: 123.4 })).toBe('123 ms')
    expect(formatLatency({ totalMs: 123.5 })).toBe('124 ms')
    expect(formatLatency({ totalMs: 0 })).toBe('0 ms')
    expect(formatLatency(undefined)).toBe('')
  })
})

describe('formatTiming', () => {
  const full = { dnsMs: 12.4, connectMs: 80.6, tlsMs: 40.2, ttfbMs: 150.5, totalMs: 301.49 }

  it('every phase in order, rounded, the total last with its unit', () => {
    expect(formatTiming(full, 'en')).toBe(
      'DNS 12 · connect (incl. TLS) 81 · of which TLS 40 · TTFB 151 · total 301 ms',
    )
    expect(formatTiming(full, 'zh')).toBe(
      'DNS 12 · 建连（含 TLS） 81 · 其中 TLS 40 · 首字节 151 · 总计 301 ms',
    )
  })

  it('a phase that was not measured is left out; a phase of 0 ms is shown', () => {
    expect(formatTiming({ totalMs: 5 }, 'en')).toBe('total 5 ms')
    expect(formatTiming({ dnsMs: 0, totalMs: 5 }, 'en')).toBe('DNS 0 · total 5 ms')
    expect(formatTiming({ connectMs: 0, totalMs: 5 }, 'en')).toBe('connect (incl. TLS) 0 · total 5 ms')
    expect(formatTiming({ tlsMs: 0, totalMs: 5 }, 'en')).toBe('of which TLS 0 · total 5 ms')
    expect(formatTiming({ ttfbMs: 0, totalMs: 5 }, 'en')).toBe('TTFB 0 · total 5 ms')
    expect(formatTiming({ connectMs: 9, ttfbMs: 20, totalMs: 30 }, 'zh')).toBe(
      '建连（含 TLS） 9 · 首字节 20 · 总计 30 ms',
    )
  })

  it('nothing without a timing', () => {
    expect(formatTiming(undefined, 'zh')).toBe('')
    expect(formatTiming(undefined, 'en')).toBe('')
  })
})

describe('summaryTone', () => {
  it('any failure is fail, whatever else', () => {
    expect(summaryTone({ fail: 1, warn: 0, skipped: 0 })).toBe('fail')
    expect(summaryTone({ fail: 1, warn: 3, skipped: 2 })).toBe('fail')
  })
  it('no failure: a warning or a skip is warn', () => {
    expect(summaryTone({ fail: 0, warn: 1, skipped: 0 })).toBe('warn')
    expect(summaryTone({ fail: 0, warn: 0, skipped: 1 })).toBe('warn')
  })
  it('none of them: ok', () => {
    expect(summaryTone({ fail: 0, warn: 0, skipped: 0 })).toBe('ok')
  })
})

describe('formatLocalTime / formatCreatedAt', () => {
  const iso = '2026-11-28T10:20:30.000Z'

  it('the offset east of UTC, in whole hours and in hours and minutes', () => {
    expect(formatLocalTime(iso, 480)).toBe('2026-11-28 18:20:30 UTC+8')
    expect(formatLocalTime(iso, 330)).toBe('2026-11-28 15:50:30 UTC+5:30')
    expect(formatLocalTime(iso, 345)).toBe('2026-11-28 16:05:30 UTC+5:45')
    expect(formatLocalTime(iso, -330)).toBe('2026-11-28 04:50:30 UTC-5:30')
    expect(formatLocalTime(iso, -600)).toBe('2026-11-28 00:20:30 UTC-10')
    expect(formatLocalTime(iso, 0)).toBe('2026-11-28 10:20:30 UTC')
  })

  it('months, days, hours, minutes and seconds below 10 get a leading zero; 10 and above do not', () => {
    expect(formatLocalTime('2026-01-02T03:04:05.000Z', 0)).toBe('2026-01-02 03:04:05 UTC')
    expect(formatLocalTime('2026-10-10T10:10:10.000Z', 0)).toBe('2026-10-10 10:10:10 UTC')
    expect(formatLocalTime('2026-09-09T09:09:09.000Z', 0)).toBe('2026-09-09 09:09:09 UTC')
    expect(formatLocalTime(iso, 5)).toBe('2026-11-28 10:25:30 UTC+0:05')
  })

  it('the offset moves the date across midnight and the year', () => {
    expect(formatLocalTime('2026-12-31T20:00:00.000Z', 480)).toBe('2027-01-01 04:00:00 UTC+8')
    expect(formatLocalTime('2026-01-01T01:00:00.000Z', -120)).toBe('2025-12-31 23:00:00 UTC-2')
  })

  it('without seconds on request', () => {
    expect(formatLocalTime(iso, 0, false)).toBe('2026-11-28 10:20 UTC')
    expect(formatLocalTime(iso, 480, false)).toBe('2026-11-28 18:20 UTC+8')
  })

  it('by default, the device’s own offset at that time', () => {
    const ms = Date.parse(iso)
    const own = -new Date(ms).getTimezoneOffset()
    expect(formatLocalTime(iso)).toBe(formatLocalTime(iso, own))
    expect(formatCreatedAt(iso)).toBe(formatLocalTime(iso, own))
  })

  it('the device’s offset is east of UTC: China (getTimezoneOffset −480) is UTC+8, New York (300) UTC-5', () => {
    const offset = jest.spyOn(Date.prototype, 'getTimezoneOffset')
    try {
      offset.mockReturnValue(-480)
      expect(formatLocalTime(iso)).toBe('2026-11-28 18:20:30 UTC+8')
      offset.mockReturnValue(300)
      expect(formatLocalTime(iso)).toBe('2026-11-28 05:20:30 UTC-5')
    } finally {
      offset.mockRestore()
    }
  })

  it('text that is not a time comes back as it came', () => {
    expect(formatLocalTime('not a time')).toBe('not a time')
    expect(formatLocalTime('', 480)).toBe('')
    expect(formatCreatedAt('yesterday', 480)).toBe('yesterday')
  })

  it('formatCreatedAt is the local time with seconds', () => {
    expect(formatCreatedAt(iso, 480)).toBe('2026-11-28 18:20:30 UTC+8')
    expect(formatCreatedAt(iso, -330)).toBe('2026-11-28 04:50:30 UTC-5:30')
  })
})

describe('deviceName', () => {
  it('brand, model and system, space-separated', () => {
    expect(deviceName({ brand: 'HUAWEI', model: 'ALN-AL00', system: 'Android 14' })).toBe(
      'HUAWEI ALN-AL00 Android 14',
    )
  })
  it('the brand is left out when the model starts with it, in any case', () => {
    expect(deviceName({ brand: 'iPhone', model: 'iPhone 15', system: 'iOS 17.2' })).toBe('iPhone 15 iOS 17.2')
    expect(deviceName({ brand: 'xiaomi', model: 'Xiaomi 14', system: 'Android 14' })).toBe(
      'Xiaomi 14 Android 14',
    )
    expect(deviceName({ brand: 'Xiaomi', model: 'xiaomi 14', system: 'Android 14' })).toBe(
      'xiaomi 14 Android 14',
    )
    // Only at the start: a brand inside the model stays.
    expect(deviceName({ brand: 'Mi', model: 'Redmi Mi 9', system: 'Android 12' })).toBe(
      'Mi Redmi Mi 9 Android 12',
    )
  })
  it('missing parts leave no stray spaces', () => {
    expect(deviceName({ brand: 'HUAWEI', system: 'Android 14' })).toBe('HUAWEI Android 14')
    expect(deviceName({ model: 'iPhone 15' })).toBe('iPhone 15')
    expect(deviceName({ brand: '', model: 'M', system: '' })).toBe('M')
    expect(deviceName({})).toBe('')
  })
})

describe('breakableUrl', () => {
  it('a break opportunity after each "." "-" "/" that a label follows, and nowhere else', () => {
    const url = 'https://detaillog-global.shanghai.aliyuncs.com'
    expect(breakableUrl(url)).toBe(
      'https://\u200bdetaillog-\u200bglobal.\u200bshanghai.\u200baliyuncs.\u200bcom',
    )
  })
  it('none between two separators, none at the end', () => {
    expect(breakableUrl('a//b')).toBe('a//\u200bb')
    expect(breakableUrl('a.-b')).toBe('a.-\u200bb')
    expect(breakableUrl('a.')).toBe('a.')
    expect(breakableUrl('a/b/')).toBe('a/\u200bb/')
    expect(breakableUrl('ab')).toBe('ab')
  })
})

describe('shownStatus', () => {
  it('a warning whose only caveat is "not enforced" shows as a pass', () => {
    expect(shownStatus({ status: 'warn', caveats: ['not_enforced'] })).toBe('pass')
    expect(shownStatus({ status: 'warn', caveats: ['not_enforced', 'not_enforced'] })).toBe('pass')
  })
  it('any other caveat keeps the warning', () => {
    expect(shownStatus({ status: 'warn', caveats: ['not_enforced', 'http'] })).toBe('warn')
    expect(shownStatus({ status: 'warn', caveats: ['http', 'not_enforced'] })).toBe('warn')
    expect(shownStatus({ status: 'warn', caveats: ['http'] })).toBe('warn')
  })
  it('a warning without caveats stays a warning', () => {
    expect(shownStatus({ status: 'warn', caveats: [] })).toBe('warn')
    expect(shownStatus({ status: 'warn' })).toBe('warn')
  })
  it('other statuses are shown as they are, caveats or not', () => {
    expect(shownStatus({ status: 'fail', caveats: ['not_enforced'] })).toBe('fail')
    expect(shownStatus({ status: 'pass', caveats: ['not_enforced'] })).toBe('pass')
    expect(shownStatus({ status: 'skipped' })).toBe('skipped')
  })
})

describe('clip', () => {
  it('text up to the limit is kept whole; longer text ends in an ellipsis at the limit', () => {
    expect(clip('abcd', 4)).toBe('abcd')
    expect(clip('abc', 4)).toBe('abc')
    expect(clip('abcde', 4)).toBe('abc…')
    expect(clip('abcdef', 4)).toBe('abc…')
    expect(clip('检测结果很长', 5)).toBe('检测结果…')
    expect(clip('abcdef', 4)).toHaveLength(4)
  })
})

describe('shareTitle', () => {
  const rep = (resolved: string, fail: number, total: number) => ({
    sdk: { resolved },
    summary: { total, fail },
  })

  it('a failed run names the failures and the total', () => {
    expect(shareTitle(rep('2.13.0', 3, 46), 'en')).toBe('ZIM 2.13.0: 3 of 46 failed')
    expect(shareTitle(rep('2.13.0', 3, 46), 'zh')).toBe('ZIM 2.13.0 检测：3/46 项失败')
  })
  it('a run without failures says so', () => {
    expect(shareTitle(rep('2.13.0', 0, 46), 'en')).toBe('ZIM 2.13.0: none of 46 failed')
    expect(shareTitle(rep('2.13.0', 0, 46), 'zh')).toBe('ZIM 2.13.0 检测：46 项无失败')
  })
  it('no report: the product’s name', () => {
    expect(shareTitle(undefined, 'zh')).toBe('ZIM 服务器域名检测')
    expect(shareTitle(undefined, 'en')).toMatch(/^ZIM /)
  })
  it('the version is cut to 10 characters and the title to 30', () => {
    const long = rep('2.13.0-beta.1234567890', 12, 46)
    expect(shareTitle(long, 'zh')).toBe('ZIM 2.13.0-be… 检测：12/46 项失败')
    // 31 characters in English: the last word is cut.
    expect(shareTitle(long, 'en')).toBe('ZIM 2.13.0-be…: 12 of 46 fail…')
    // A version of exactly 10 characters and a title of exactly 30 are kept whole.
    expect(shareTitle(rep('2.13.0-rc1', 2, 46), 'en')).toBe('ZIM 2.13.0-rc1: 2 of 46 failed')
    const many = rep('2.13.0-beta.1234567890', 123456, 1234567)
    expect(shareTitle(many, 'en')).toHaveLength(30)
    expect(shareTitle(many, 'en').endsWith('…')).toBe(true)
  })
})
