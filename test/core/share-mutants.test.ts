import { CATALOG } from '../../miniprogram/core/catalog'
import { ProbeResult } from '../../miniprogram/core/result'
import { Report, summarize } from '../../miniprogram/core/report'
import {
  decodeShare,
  DEFAULT_MAX_BYTES as DEFAULT_MAX,
  encodeShare,
  shareStats,
} from '../../miniprogram/core/share'
import { PURPOSES } from '../../miniprogram/core/vocabulary'
import { makeReport, PHONE } from '../helpers/reports'

/*
 * core/share.ts read line by line for the mutation run (issue 21): each boundary, branch and message of the codec
 * through encodeShare / shareStats / decodeShare. Hostile bodies are written here by hand in the wire format
 * (varints, strings, literal-only LZ77 tokens, CRC-32), independently of the module, so each check of the
 * decoder meets exactly the input it guards against.
 */

// ——— a hand-written z-body ———

const crc = (bytes: number[]) => {
  let c = ~0
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}
/** A body as a share payload: literal runs of ≤ 128 bytes (no dictionary copies), signed with CRC-32. */
const signPacked = (packed: number[], version = 1) => {
  const c = crc(packed)
  const bytes = [c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255, ...packed]
  return `z${version}.${Buffer.from(bytes).toString('base64url')}`
}
const sign = (body: number[], version = 1) => {
  const packed: number[] = []
  for (let k = 0; k < body.length; k += 128) {
    const run = body.slice(k, k + 128)
    packed.push(run.length - 1, ...run)
  }
  return signPacked(packed, version)
}
const v = (n: number): number[] => (n < 128 ? [n] : [128 + (n % 128), ...v(Math.floor(n / 128))])
/** A new string: 2 × its UTF-8 length, then the bytes. A back-reference to string k is `v(2k + 1)`. */
const t = (s: string) => {
  const b = [...Buffer.from(s, 'utf8')]
  return [...v(2 * b.length), ...b]
}
/**
 * The body up to the results: complete, createdAt 1970-01-01T00:00:00.000Z, sdk 2.13.0, a bare WeChat
 * environment, options; `counts` (a partial card's full counts) go before the (no) warnings.
 */
const head = (flags = 3, counts: number[] = []) => [
  ...v(flags), // 1 complete | 2 ISO time
  ...v(0), // createdAt: 0 ms
  ...t('2.13.0'),
  ...v(1), // sdk.resolved: string 0 again
  ...v(0), // runtime: wechat
  ...v(0), // no environment fields
  ...v(0), // whitelist: not enforced, no reasons
  ...v(10000),
  ...v(120000),
  ...v(10),
  ...v(5),
  ...counts.flatMap(v),
  ...v(0), // no warnings
]
// Offsets in head(): 9 sdk.resolved, 10 runtime, 11 environment mask, 12 whitelist.
const headReport = (results: ProbeResult[] = []): Report => {
  const r: Report = {
    schema: 'zim-netcheck/report@1',
    createdAt: '1970-01-01T00:00:00.000Z',
    sdk: { input: '2.13.0', resolved: '2.13.0' },
    environment: { runtime: 'wechat', whitelist: { enforced: false, reasons: [] } },
    options: { timeoutMs: 10000, deadlineMs: 120000, concurrency: { http: 10, socket: 5 } },
    summary: summarize(results),
    results,
    warnings: [],
  }
  return r
}
/** A z1 body with these rows (each already in bytes). */
const rows = (...r: number[][]) => sign([...head(), ...v(r.length), ...r.flat()])
const MALFORMED = { ok: false, error: 'the shared report is malformed' }
const decoded = (payload: string) => {
  const d = decodeShare(payload)
  if (!d.ok) throw new Error(d.error)
  return d
}

// The last catalog row, and a row outside the catalog (category enum 1 = request, then its url).
const LAST = CATALOG[CATALOG.length - 1]
const OWN_URL = 'https://own.example.com'
/** A row outside the catalog: category request, its url, header `h`, purpose `access` unless given. */
const own = (h: number, ...rest: number[][]) => [
  ...v(0),
  ...v(1),
  ...t(OWN_URL),
  ...v(h),
  ...(h & 128 ? [] : v(0)),
  ...rest.flat(),
]
const ownRow = (over: Partial<ProbeResult>): ProbeResult => ({
  id: `request:${OWN_URL}`,
  category: 'request',
  url: OWN_URL,
  purpose: 'access',
  status: 'pass',
  ...over,
})

describe('decodeShare on hand-written bodies', () => {
  it('reads the smallest report, and a string given again by back-reference', () => {
    expect(decoded(rows())).toEqual({
      ok: true,
      report: headReport(),
      complete: true,
      summary: headReport().summary,
    })
  })

  it('refuses a back-reference to a string not met yet, or past the strings met', () => {
    const body = head()
    body.splice(9, 1, ...v(3)) // sdk.resolved: string 1, but only string 0 exists
    expect(decodeShare(sign([...body, ...v(0)]))).toEqual(MALFORMED)
    expect(decodeShare(sign([...head().slice(0, 2), ...v(1)]))).toEqual(MALFORMED)
  })

  it('reads a string that ends exactly at the end of the body; one byte short is refused', () => {
    // The last row's error code is the body's last item.
    const row = own(2 | 4, v(3 | 32), t('boom'), t('ECONNRESET')) // fail with an error: refused, with a code
    const r = decoded(rows(row)).report
    expect(r.results[0].error).toEqual({ category: 'refused', errMsg: 'boom', code: 'ECONNRESET' })
    expect(decodeShare(rows(row.slice(0, -1)))).toEqual(MALFORMED)
  })

  it('refuses an enum index past its list (runtime, status list, error category, skip reason, env version)', () => {
    const body = head()
    body[10] = 3 // runtime: RUNTIMES has 3
    expect(decodeShare(sign([...body, ...v(0)]))).toEqual(MALFORMED)
    const env = (version: number) => {
      const b = head()
      b.splice(11, 1, ...v(1 << 12), ...v(version)) // the mask's bit 12: envVersion
      return sign([...b, ...v(0)])
    }
    expect(decoded(env(2)).report.environment.envVersion).toBe('release')
    expect(decodeShare(env(3))).toEqual(MALFORMED)
    expect(decodeShare(rows(own(2 | 4, v(12), t('x'))))).toEqual(MALFORMED) // 12 error categories
    expect(decoded(rows(own(2 | 4, v(11), t('x'))))).toMatchObject({
      report: { results: [{ error: { category: 'proxy' } }] },
    })
    expect(decodeShare(rows(own(3 | 64, v(2))))).toEqual(MALFORMED) // skip reasons: 2
    expect(decoded(rows(own(3 | 64, v(1)))).report.results[0].skipReason).toBe('deadline')
  })

  it('reads catalog rows by index: the last one, not one past it', () => {
    const at = (k: number) => [...v(k), ...v(0)] // a passing row, purpose as the catalog's
    expect(decoded(rows(at(CATALOG.length))).report.results).toEqual([
      { id: LAST.id, category: LAST.category, url: LAST.url, purpose: LAST.purpose, status: 'pass' },
    ])
    expect(decodeShare(rows(at(CATALOG.length + 1)))).toEqual(MALFORMED)
  })

  it('reads a purpose by index, or PURPOSES.length then its name; past that is refused', () => {
    const purpose = (...p: number[][]) => rows(own(0 | 128, ...p))
    expect(decoded(purpose(v(PURPOSES.length - 1))).report.results[0].purpose).toBe(
      PURPOSES[PURPOSES.length - 1],
    )
    expect(decoded(purpose(v(PURPOSES.length), t('推送通知'))).report.results[0].purpose).toBe('推送通知')
    expect(decodeShare(purpose(v(PURPOSES.length + 1), t('推送通知')))).toEqual(MALFORMED)
    expect(decodeShare(purpose(v(PURPOSES.length), t('a/b')))).toEqual({
      ok: false,
      error: 'the shared report is invalid: invalid report: results[0].purpose: unknown purpose',
    })
  })

  it('reads caveats as base-4 digits, first lowest; a zero digit is refused', () => {
    expect(decoded(rows(own(1 | 32, v(1 + 4 * 3 + 16 * 2)))).report.results[0].caveats).toEqual([
      'http',
      'not_enforced',
      'slow',
    ])
    expect(decodeShare(rows(own(1 | 32, v(4))))).toEqual(MALFORMED)
    expect(decodeShare(rows(own(1 | 32, v(2 + 0 * 4 + 16))))).toEqual(MALFORMED)
  })

  it('refuses a card whose full counts are fewer than the rows it holds; equal counts are read', () => {
    const failing = own(2 | 4, v(2), t('x')) // fail, timeout
    const partial = (counts: number[]) => sign([...head(2, counts), ...v(1), ...failing]) // not complete
    const d = decoded(partial([0, 0, 1, 0]))
    expect(d.complete).toBe(false)
    expect(d.summary).toEqual({ total: 1, pass: 0, warn: 0, fail: 1, skipped: 0 })
    expect(d.report.warnings).toEqual([
      'This shared card holds only the summary and failing rows (1 of 1 results) / 分享卡片只包含摘要和失败项（1 项中的 1 项）',
    ])
    expect(decoded(partial([2, 3, 4, 5])).summary).toEqual({
      total: 14,
      pass: 2,
      warn: 3,
      fail: 4,
      skipped: 5,
    })
    expect(decodeShare(partial([5, 5, 0, 5]))).toEqual(MALFORMED)
  })

  it('refuses a byte left over after the report', () => {
    expect(decodeShare(sign([...head(), ...v(0), 0]))).toEqual(MALFORMED)
  })

  it('refuses a list longer than the body (a hostile count)', () => {
    const body = head()
    body.splice(12, 1, ...v(2 * 200)) // 200 whitelist reasons, none written
    expect(decodeShare(sign(body))).toEqual(MALFORMED)
  })

  it('caps a huge ISO time instead of failing on it', () => {
    const body = head()
    body.splice(1, 1, ...v(2 ** 53))
    expect(decoded(sign([...body, ...v(0)])).report.createdAt).toBe(new Date(8e15).toISOString())
  })

  it('names a body that fails validation', () => {
    const r = rows([...v(0), ...v(1), ...t('ftp://own.example.com'), ...v(0), ...v(0)])
    expect(decodeShare(r)).toEqual({
      ok: false,
      error: 'the shared report is invalid: invalid report: results[0].url: must be a wss:// or https:// url',
    })
  })

  it('a packed body of one byte is read (and refused as malformed); of none, as cut short', () => {
    expect(decodeShare(signPacked([5]))).toEqual(MALFORMED)
    expect(decodeShare(signPacked([]))).toEqual({ ok: false, error: 'the link is damaged or was cut short' })
  })
})

// ——— the encoder ———

const roundTrip = (r: Report, maxBytes = 8000) => {
  const enc = encodeShare(r, { maxBytes })
  const d = decoded(enc.path)
  expect(enc.complete).toBe(true)
  expect(d.report).toEqual(r)
  return enc
}
const failRow = (e: (typeof CATALOG)[number], errMsg: string, errno?: number): ProbeResult => ({
  id: e.id,
  category: e.category,
  url: e.url,
  purpose: e.purpose,
  status: 'fail',
  error: errno === undefined ? { category: 'unknown', errMsg } : { category: 'unknown', errMsg, errno },
})

describe('encodeShare writes what decodeShare reads back', () => {
  it('signed errno values, zigzag (0, ±1, 2, -3, large of both signs)', () => {
    const errnos = [0, -1, 1, 2, -3, 7, -105, 600001, -2147483648, 2 ** 40]
    const r = makeReport(errnos.map((n, i) => failRow(CATALOG[i], 'x', n)))
    expect(roundTrip(r)).toBeTruthy()
  })

  it('an exact ISO time at or before 1970 travels: the epoch as 0 ms, a negative one as text', () => {
    for (const createdAt of [
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.001Z',
    ])
      roundTrip({ ...makeReport([]), createdAt })
  })

  it('a row outside the catalog with any built-in purpose stays z1; `app` makes z3 without a catalog field', () => {
    for (const purpose of PURPOSES.slice(0, 5)) {
      const enc = roundTrip(makeReport([ownRow({ purpose })]))
      expect(enc.payload.slice(0, 3)).toBe('z1.')
    }
    // z3 always names the platform (WeChat for a report that names none).
    const app = makeReport([ownRow({ purpose: 'app' })], { ...PHONE, platformId: 'wechat' })
    expect(roundTrip(app).payload.slice(0, 3)).toBe('z3.')
    expect('catalog' in decoded(encodeShare(app).payload).report).toBe(false)
  })
})

/** Written by this build (z1 and z2 are frozen formats: share-format.test.ts says why). */
const GOLDEN_Z1 =
  'z1.MwnESw0DAAwyLjEzLjABAP8zDoTmAw4MOC4wLjUwCjMuNS44FEGDFQMgMTQMg7kEHxBBTE4tQUwwMAQ0ZyR3eDAxMjM0NTY3ODlhYmNkZWYKgp4EMgACAZBOwKkHCgUAAgABLmh0dHBzOi8vb3duLmV4YW1wbGUuY29tpQEAGQJ4AAEAACp3c5AgA8MBBAA'
const GOLDEN_Z2 = 'z2.x_cNNB4DsOOujaI0DDIuMTMuMAEBgCAAAgGQTsCpBwoFAAAE'

describe('the bytes of small z1 and z2 cards', () => {
  it('z1: the epoch as a time, rows outside the catalog with purposes 0 and 4, errno 0, a skip reason', () => {
    const r = {
      ...makeReport([
        ownRow({ status: 'warn', error: { category: 'http', errMsg: 'x', errno: 0 }, caveats: ['http'] }),
        {
          ...ownRow({ purpose: 'file', status: 'skipped', skipReason: 'cancelled' }),
          id: 'socket:wss://own.example.com',
          category: 'socket',
          url: 'wss://own.example.com',
        },
      ]),
      createdAt: '1970-01-01T00:00:00.000Z',
    }
    expect(encodeShare(r).payload).toBe(GOLDEN_Z1)
    expect(decoded(GOLDEN_Z1).report).toEqual(r)
  })

  it('z2: a platform, and no catalog text after it', () => {
    const r = makeReport([], { runtime: 'devtools', platformId: 'qq', envVersion: 'develop' })
    expect(encodeShare(r).payload).toBe(GOLDEN_Z2)
    expect(decoded(GOLDEN_Z2).report).toEqual(r)
  })
})

// ——— fitting a card ———

/** Deterministic incompressible text: hex of a seeded LCG. */
const hex = (seed: number, n: number) => {
  let s = seed
  let out = ''
  while (out.length < n) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    out += (s >>> 8).toString(16).padStart(6, '0')
  }
  return out.slice(0, n)
}

describe('shareStats: what fits', () => {
  const r = makeReport(CATALOG.slice(0, 12).map((e, i) => failRow(e, hex(i + 1, 60))))

  it('a path of exactly maxBytes fits; one byte less cuts the card', () => {
    const whole = encodeShare(r, { maxBytes: 8000 })
    expect(whole.complete).toBe(true)
    expect(encodeShare(r, { maxBytes: whole.bytes })).toEqual(whole)
    const under = encodeShare(r, { maxBytes: whole.bytes - 1 })
    expect(under.complete).toBe(false)
    expect(under.bytes).toBeLessThan(whole.bytes)
  })

  it('a maxBytes that is not a finite number means the default (1000); over 8192 means 8192', () => {
    const big = makeReport(CATALOG.slice(0, 12).map((e, i) => failRow(e, hex(i + 7, 150))))
    const byDefault = encodeShare(big)
    expect(byDefault.complete).toBe(false)
    for (const maxBytes of [Infinity, NaN, undefined])
      expect(encodeShare(big, { maxBytes })).toEqual(byDefault)
    const whole = encodeShare(big, { maxBytes: 8192 })
    expect(whole.complete).toBe(true)
    expect(whole.bytes).toBeGreaterThan(DEFAULT_MAX)
    const huge = makeReport(CATALOG.slice(0, 40).map((e, i) => failRow(e, hex(i + 7, 250))))
    const capped = encodeShare(huge, { maxBytes: 1e6 })
    expect(capped.complete).toBe(false)
    expect(capped.bytes).toBeLessThanOrEqual(8192)
    expect(capped).toEqual(encodeShare(huge, { maxBytes: 8192 }))
  })

  it('a body of exactly 65536 bytes before compression fits and decodes; one more does not fit', () => {
    const withWarning = (n: number) => ({
      ...r,
      results: [],
      summary: summarize([]),
      warnings: ['x'.repeat(n)],
    })
    const n = 60000 + 65536 - shareStats(withWarning(60000), { maxBytes: 8000 }).raw
    const at = shareStats(withWarning(n), { maxBytes: 8000 })
    expect(at).toMatchObject({ raw: 65536, complete: true })
    expect(decoded(at.path).report).toEqual(withWarning(n))
    const over = shareStats(withWarning(n + 1), { maxBytes: 8000 })
    expect(over.complete).toBe(false)
    expect(decoded(over.path).report.warnings[0]).toBe('x'.repeat(120) + '…')
  })
})

describe('shareStats: cutting a card down', () => {
  // 10 failing rows of 300 characters: whole they need ~4 KB; cut to 120 characters ~2 KB; to 40 ~1 KB.
  const msgs = (extra: string[]) => [
    ...extra,
    ...Array.from({ length: 10 - extra.length }, (_, i) => hex(50 + i, 300)),
  ]
  const failing = (extra: string[]) =>
    makeReport(CATALOG.slice(0, 10).map((e, i) => failRow(e, msgs(extra)[i])))
  const kept = (r: Report, maxBytes: number) => {
    const enc = encodeShare(r, { maxBytes })
    expect(enc.complete).toBe(false)
    expect(enc.bytes).toBeLessThanOrEqual(maxBytes)
    return decoded(enc.path).report.results.map((x) => x.error!.errMsg)
  }

  it('messages cut to 120 characters: one of 120 stays whole, one of 121 is cut and ends in …', () => {
    const [a, b] = [hex(1, 120), hex(2, 121)]
    const got = kept(failing([a, b]), 2600)
    expect(got.slice(0, 3)).toEqual([a, b.slice(0, 120) + '…', msgs([])[0].slice(0, 120) + '…'])
  })

  it('messages cut to 40 characters: one of 40 stays whole, one of 41 is cut, counted by code point', () => {
    const [a, b] = [hex(3, 40), '😀'.repeat(41)]
    const got = kept(failing([a, b]), 1300)
    expect(got.slice(0, 3)).toEqual([a, '😀'.repeat(40) + '…', msgs([])[0].slice(0, 40) + '…'])
  })

  it('no room for a failing message at all: empty messages, no warnings kept but the note', () => {
    const r = { ...failing([]), warnings: ['a run warning'] }
    const enc = encodeShare(r, { maxBytes: 330 })
    const d = decoded(enc.path)
    expect(d.report.results.map((x) => x.error!.errMsg)).toEqual(Array(10).fill('…'))
    expect(d.report.warnings).toEqual([
      'This shared card holds only the summary and failing rows (10 of 10 results) / 分享卡片只包含摘要和失败项（10 项中的 10 项）',
    ])
  })

  it('not even the failing rows fit: as many as fit, in order; none when nothing fits', () => {
    const r = failing([])
    const all = encodeShare(r, { maxBytes: 330 }) // every failing row, messages cut to nothing
    expect(decoded(all.path).report.results).toHaveLength(10)
    const few = decoded(encodeShare(r, { maxBytes: all.bytes - 1 }).path)
    expect(few.report.results.length).toBeGreaterThan(0)
    expect(few.report.results.length).toBeLessThan(10)
    expect(few.report.results.map((x) => x.id)).toEqual(
      r.results.slice(0, few.report.results.length).map((x) => x.id),
    )
    expect(few.summary).toEqual(r.summary)
    const none = encodeShare(r, { maxBytes: 20 })
    expect(none.bytes).toBeGreaterThan(20)
    expect(decoded(none.path).report.results).toEqual([])
  })

  it('whole failing messages and no warning row rather than shorter messages and one warning row', () => {
    // Each warning row carries a long message; the failing rows fit whole, a warning row does not.
    const fails = CATALOG.slice(0, 3).map((e, i) => failRow(e, hex(70 + i, 150)))
    const warns = CATALOG.slice(3, 8).map(
      (e, i): ProbeResult => ({ ...failRow(e, hex(80 + i, 400)), status: 'warn' }),
    )
    const r = makeReport([...fails, ...warns])
    const enc = encodeShare(r, { maxBytes: 900 })
    const d = decoded(enc.path)
    expect(d.report.results).toEqual(fails)
    expect(d.summary).toEqual(r.summary)
  })

  it('keeps the most warning rows that fit, whatever the budget', () => {
    const fails = CATALOG.slice(0, 2).map((e, i) => failRow(e, hex(90 + i, 30)))
    const warns = CATALOG.slice(2, 14).map(
      (e, i): ProbeResult => ({ ...failRow(e, hex(100 + i, 40)), status: 'warn' }),
    )
    const r = makeReport([...warns.slice(0, 6), ...fails, ...warns.slice(6)])
    // The card for each budget: how many warning rows, and its size.
    const cards = [400, 500, 600, 700, 800, 900, 1000, 1100].map((maxBytes) => {
      const enc = encodeShare(r, { maxBytes })
      const got = decoded(enc.path).report.results
      // Failing and warning rows in the report's order, messages whole.
      expect(got).toEqual(r.results.filter((x) => got.some((y) => y.id === x.id)))
      expect(got.filter((x) => x.status === 'fail')).toEqual(fails)
      expect(got.filter((x) => x.status === 'warn')).toEqual(warns.slice(0, got.length - 2))
      return { maxBytes, warns: got.length - 2, bytes: enc.bytes }
    })
    // A card with more warning rows is bigger than any budget that kept fewer.
    for (const a of cards)
      for (const b of cards) if (b.warns > a.warns) expect(b.bytes).toBeGreaterThan(a.maxBytes)
    expect(new Set(cards.map((c) => c.warns)).size).toBeGreaterThan(4)
  })
})

describe('decodeShare: the version prefix', () => {
  const payload = encodeShare(makeReport([])).payload
  it.each([
    ['x', 'xz1.', 'not a zim-netcheck share link'],
    ['z10', 'z10.', 'shared by a newer zim-netcheck; update to read it'],
    ['z9999', 'z9999.', 'shared by a newer zim-netcheck; update to read it'],
    ['z12345', 'z12345.', 'not a zim-netcheck share link'],
    ['z00', 'z00.', 'unsupported share format z00'],
    ['z', 'z.', 'not a zim-netcheck share link'],
  ])('%s', (_name, prefix, error) => {
    expect(decodeShare(payload.replace('z1.', prefix))).toEqual({ ok: false, error })
  })
})
