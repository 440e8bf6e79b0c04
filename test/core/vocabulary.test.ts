import {
  CATEGORIES,
  CAVEATS,
  ENV_FLAG_FIELDS,
  ENV_TEXT_FIELDS,
  ENV_VERSIONS,
  ERROR_CATEGORIES,
  isCategory,
  isOneOf,
  isPurpose,
  NOT_ENFORCED_REASONS,
  PLATFORM_IDS,
  PROBE_STATUSES,
  PURPOSES,
  RUNTIMES,
  SKIP_REASONS,
  SUMMARY_KEYS,
  TIMING_KEYS,
} from '../../miniprogram/core/vocabulary'

// The share link (core/share.ts, formats z1 and z2) writes indexes into these lists: their order is the wire format.
// A list may grow at its end only; any other change needs a new share format version.
describe('vocabulary: the orders the share link depends on', () => {
  it.each([
    ['CATEGORIES', CATEGORIES, ['socket', 'request', 'uploadFile', 'downloadFile']],
    ['PURPOSES', PURPOSES, ['access', 'report', 'config', 'log', 'file', 'app']],
    ['PROBE_STATUSES', PROBE_STATUSES, ['pass', 'warn', 'fail', 'skipped']],
    ['CAVEATS', CAVEATS, ['http', 'slow', 'not_enforced']],
    ['SKIP_REASONS', SKIP_REASONS, ['cancelled', 'deadline']],
    [
      'NOT_ENFORCED_REASONS',
      NOT_ENFORCED_REASONS,
      ['debug', 'devtools', 'tourist_appid', 'develop', 'not_wechat', 'ide', 'measured'],
    ],
    ['RUNTIMES', RUNTIMES, ['wechat', 'devtools', 'node']],
    ['ENV_VERSIONS', ENV_VERSIONS, ['develop', 'trial', 'release']],
    ['PLATFORM_IDS', PLATFORM_IDS, ['wechat', 'alipay', 'douyin', 'baidu', 'qq', 'xhs']],
    [
      'ENV_TEXT_FIELDS',
      ENV_TEXT_FIELDS,
      [
        'platform',
        'wechatVersion',
        'baseLibrary',
        'system',
        'brand',
        'model',
        'networkType',
        'appId',
        'language',
        'node',
      ],
    ],
    ['ENV_FLAG_FIELDS', ENV_FLAG_FIELDS, ['hasSystemProxy', 'enableDebug']],
    ['TIMING_KEYS', TIMING_KEYS, ['dnsMs', 'connectMs', 'tlsMs', 'ttfbMs']],
    [
      'ERROR_CATEGORIES',
      ERROR_CATEGORIES,
      [
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
      ],
    ],
  ])('%s keeps its order', (_name, list, expected) => {
    expect([...list]).toEqual(expected)
  })

  it('fits the bit widths the codec gives them', () => {
    // status: 2 bits; error category: 4 bits; caveats: base-4 digits (index + 1 ≤ 3); env mask: 13 bits.
    expect(PROBE_STATUSES.length).toBeLessThanOrEqual(4)
    expect(ERROR_CATEGORIES.length).toBeLessThanOrEqual(16)
    expect(CAVEATS.length).toBeLessThanOrEqual(3)
    expect(ENV_TEXT_FIELDS.length + ENV_FLAG_FIELDS.length + 1).toBe(13)
  })

  it('the summary counts total, then every status', () => {
    expect([...SUMMARY_KEYS]).toEqual(['total', 'pass', 'warn', 'fail', 'skipped'])
  })
})

describe('vocabulary guards', () => {
  it('accept the words of a list and nothing else', () => {
    expect(isCategory('uploadFile')).toBe(true)
    expect(isCategory('uploadfile')).toBe(false)
    expect(isPurpose('log')).toBe(true)
    expect(isPurpose('constructor')).toBe(false)
    expect(isOneOf(CAVEATS, 'slow')).toBe(true)
    expect(isOneOf(CAVEATS, undefined)).toBe(false)
    expect(isOneOf(RUNTIMES, 0)).toBe(false)
  })
})
