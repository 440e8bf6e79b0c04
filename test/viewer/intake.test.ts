import { renderJson, renderText, Report, verdict } from '../../miniprogram/core/report'
import { encodeShare } from '../../miniprogram/core/share'
import { parseCopyText } from '../../web/viewer/copy-text'
import { intakeMessage, intakeVerdict, jsonDepth, LIMITS, readAny, splitLinks } from '../../web/viewer/intake'
import { allTimeout, engineReport, ENVS, hostile, notWhitelisted, zegoTls } from '../helpers/engine-reports'

const reports: Record<string, Report> = {}

beforeAll(async () => {
  reports.tls = await engineReport(zegoTls, ENVS.android, { sdk: 'all' })
  reports.whitelist = await engineReport(notWhitelisted, ENVS.ios, { sdk: '2.12.0' })
  reports.timeout = await engineReport(allTimeout, ENVS.oldAndroid, { timeoutMs: 20 })
  reports.hostile = await engineReport(hostile, ENVS.devtools, { warnings: ['a note'] })
  reports.node = await engineReport(zegoTls, ENVS.node, { only: ['socket'] })
  reports.cancelled = await engineReport(allTimeout, ENVS.android, { cancelAfterMs: 2 })
})

const must = (r: ReturnType<typeof readAny>) => {
  if (!r.ok) throw new Error(intakeMessage(r.error, 'en'))
  return r.value
}

describe('readAny', () => {
  it('reads report JSON as written by the CLI, with a BOM too', () => {
    const v = must(readAny('\uFEFF' + renderJson(reports.tls)))
    expect(v.kind).toBe('json')
    expect(v.report).toEqual(reports.tls)
  })

  it('reads a share path, its payload, the URL-encoded path, and a link inside chat text', () => {
    const { path, payload } = encodeShare(reports.whitelist)
    for (const input of [
      path,
      payload,
      encodeURIComponent(path),
      encodeURIComponent(encodeURIComponent(path)),
      `看下这个 ${path} 谢谢`,
    ]) {
      const v = must(readAny(input))
      expect(v.kind).toBe('share')
      expect(v.report.results.map((r) => r.id)).toEqual(reports.whitelist.results.map((r) => r.id))
    }
  })

  it('refuses what is not a report, each with its own reason', () => {
    const code = (text: string, bytes?: number) => {
      const r = readAny(text, bytes)
      return r.ok ? 'ok' : r.error.code
    }
    expect(code('   ')).toBe('empty')
    expect(code('{}', LIMITS.fileBytes + 1)).toBe('too_big')
    expect(code('{"a":1}\u0000')).toBe('binary')
    expect(code('{"schema": oops')).toBe('not_json')
    expect(code('['.repeat(LIMITS.depth + 1) + ']'.repeat(LIMITS.depth + 1))).toBe('too_deep')
    expect(code(JSON.stringify({ ...reports.tls, results: new Array(LIMITS.results + 1).fill(0) }))).toBe(
      'too_many_rows',
    )
    expect(code(JSON.stringify([reports.tls]))).toBe('not_report')
    expect(code(JSON.stringify({ ...reports.tls, schema: 'x' }))).toBe('not_report')
    // A later schema is a newer tool's report, said so; an earlier or foreign one is no report of ours.
    const newer = readAny(JSON.stringify({ ...reports.tls, schema: 'zim-netcheck/report@2' }))
    expect(newer.ok ? '' : intakeMessage(newer.error, 'en')).toBe(
      'made by a newer zim-netcheck (zim-netcheck/report@2): update this tool to read it',
    )
    expect(code(JSON.stringify({ ...reports.tls, schema: 'zim-netcheck/report@0' }))).toBe('not_report')
    expect(code(JSON.stringify({ ...reports.tls, schema: 'other/report@2' }))).toBe('not_report')
    expect(code('z1.AAAA')).toBe('share')
    expect(code('hello world')).toBe('unrecognised')
    expect(code('ZIM netcheck · SDK 2.13.0 · 2026-13-45 99:99:99Z')).toBe('text')
  })

  it('says every refusal in zh and en', () => {
    const errs = [
      { code: 'empty' },
      { code: 'too_big', bytes: 9e6 },
      { code: 'binary' },
      { code: 'not_json', detail: 'x' },
      { code: 'too_deep' },
      { code: 'not_report', detail: 'x' },
      { code: 'too_many_rows', rows: 5000 },
      { code: 'share', detail: 'x' },
      { code: 'text', detail: 'x' },
      { code: 'unrecognised' },
      { code: 'too_many_files' },
      { code: 'newer', schema: 'zim-netcheck/report@2' },
    ] as const
    for (const e of errs) {
      expect(intakeMessage(e, 'zh')).toMatch(/[\u4e00-\u9fff]/)
      expect(intakeMessage(e, 'en')).not.toMatch(/[\u4e00-\u9fff]/)
    }
  })
})

it('jsonDepth skips brackets inside strings and escapes', () => {
  expect(jsonDepth('{"a":"[[[[\\"[[["}')).toBe(1)
  expect(jsonDepth('[[{"a":[1]}]]')).toBe(4)
  expect(jsonDepth('['.repeat(1e6), 10)).toBe(11) // stops early
})

it('splitLinks takes links one per line, and nothing else', () => {
  const a = encodeShare(reports.tls).path
  const b = encodeShare(reports.timeout).payload
  expect(splitLinks(`${a}\n\n${b}\n`)).toEqual([a, b])
  expect(splitLinks(a)).toBeUndefined()
  expect(splitLinks(`${a}\nhello`)).toBeUndefined()
})

describe('copied result text', () => {
  it.each(['tls', 'whitelist', 'timeout', 'hostile', 'node', 'cancelled'])(
    '%s: reads back what renderText wrote, in zh and en',
    (k) => {
      const r = reports[k]
      for (const lang of ['zh', 'en'] as const) {
        const v = must(readAny(renderText(r, lang)))
        expect(v.kind).toBe('text')
        expect(v.complete).toBe(false)
        expect(v.summary).toEqual(r.summary)
        // The verdict as core writes it for the whole run, also past the 20 rows the text lists.
        expect(intakeVerdict(v, lang)).toBe(verdict(r.results, lang, r.summary))
        expect(intakeVerdict(v, lang === 'zh' ? 'en' : 'zh')).toBe(
          verdict(r.results, lang === 'zh' ? 'en' : 'zh', r.summary),
        )
        const failing = r.results.filter((x) => x.status === 'fail').slice(0, 20)
        expect(v.report.results.map((x) => [x.id, x.purpose, x.error?.category, x.error?.errno])).toEqual(
          failing.map((x) => [x.id, x.purpose, x.error?.category, x.error?.errno]),
        )
        expect(v.textInfo!.moreFailed).toBe(Math.max(0, r.summary.fail - 20))
        const env = r.environment
        const got = v.report.environment
        expect(got.runtime).toBe(env.runtime)
        for (const key of [
          'wechatVersion',
          'baseLibrary',
          'system',
          'networkType',
          'appId',
          'envVersion',
          'node',
        ] as const)
          expect([key, got[key]]).toEqual([key, env[key]])
        expect(got.whitelist).toEqual(env.whitelist)
        expect(v.report.sdk.resolved).toBe(r.sdk.resolved)
        expect(v.report.createdAt).toBe(r.createdAt.replace(/\.\d+Z$/, 'Z')) // the text keeps whole seconds
        expect(v.report.warnings).toEqual(r.warnings)
      }
    },
  )

  it('keeps messages as text, the code and errno apart', () => {
    const r = reports.hostile
    const v = must(readAny(renderText(r, 'en')))
    const want = r.results.filter((x) => x.status === 'fail')
    v.report.results.forEach((x, i) => {
      expect(x.error!.errMsg).toBe(want[i].error!.errMsg)
      expect(x.error!.parsedCode).toBe(want[i].error!.parsedCode)
    })
  })

  it('a text without the header is refused; damaged rows are counted, not guessed', () => {
    expect(parseCopyText('hello').ok).toBe(false)
    const text = renderText(reports.whitelist, 'en').replace(
      /✗ request https:\/\/[^ ]+/,
      '✗ request not-a-url',
    )
    const v = must(readAny(text))
    expect(v.textInfo!.unreadLines).toBe(1)
  })
})
