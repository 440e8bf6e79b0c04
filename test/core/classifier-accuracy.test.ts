import { classify, RawError } from '../../miniprogram/core/classifier'
import { PLATFORM_CODES } from '../../miniprogram/core/platform-codes'
import type { ErrorCategory } from '../../miniprogram/core/vocabulary'
import { CLASSES, ClassExample } from '../fixtures/errmsgs-classes'
import { EXAMPLES } from '../fixtures/errmsgs'
import chromium from '../fixtures/upstream/chromium-net-errors.json'
import nsurl from '../fixtures/upstream/apple-nsurl-errors.json'
import descriptions from '../fixtures/upstream/apple-localized-descriptions.json'
import wechat from '../fixtures/upstream/wechat-errno.json'

/**
 * Accuracy per class (issue 28): the real messages (test/fixtures/errmsgs.ts), messages built from the code
 * tables in the forms the stacks print (with and without a "see errMsg" errno), and the classes of
 * test/fixtures/errmsgs-classes.ts. Prints a table (`npx jest test/core/classifier-accuracy --maxWorkers=1`)
 * and fails on any miss: every miss found becomes an entry.
 */
type Case = { raw: RawError; platform?: keyof typeof PLATFORM_CODES; expected: ErrorCategory; title: string }

const ERRNOS = [undefined, 600001, 600000]
const withErrnos = (errMsg: string, expected: ErrorCategory): Case[] =>
  ERRNOS.map((errno) => ({ raw: { errMsg, errno }, expected, title: `${errMsg} [${errno}]` }))

const fromClass = (e: ClassExample): Case => ({
  raw: {
    errMsg: e.errMsg,
    errno: e.errno,
    platform: e.platform,
    api: e.api,
    error: e.error,
    errCode: e.errCode,
  },
  platform: e.platform,
  expected: e.expected,
  title: `${e.platform ?? ''} ${e.errMsg} [${e.errno}]`,
})

const SETS: Record<string, Case[]> = {
  real: EXAMPLES.map((e) => ({
    raw: { errMsg: e.errMsg, errno: e.errno, code: e.code },
    expected: e.expected,
    title: e.errMsg,
  })),
  'table:chromium': chromium.rows.flatMap((r) => [
    ...withErrnos(`request:fail net::${r.symbol}`, r.category as ErrorCategory),
    ...(r.status === 'former name'
      ? []
      : withErrnos(
          `request:fail errcode:${r.code} cronet_error_code:${r.code}`,
          r.category as ErrorCategory,
        )),
  ]),
  'table:nsurl': nsurl.rows.flatMap((r) => [
    ...withErrnos(
      `request:fail 未能完成操作。（"NSURLErrorDomain"错误${r.code}。）`,
      r.category as ErrorCategory,
    ),
    ...withErrnos(
      `The operation couldn’t be completed. (NSURLErrorDomain error ${r.code}.)`,
      r.category as ErrorCategory,
    ),
  ]),
  'table:descriptions': descriptions.rows.flatMap((r) => {
    const category = nsurl.rows.find((n) => n.code === r.code)?.category as ErrorCategory
    const text = r.text.replace('%@', 'api.example.com')
    return [
      ...withErrnos(`request:fail ${text}`, category),
      ...(r.lang === 'zh-Hans' ? withErrnos(`request:fail 未能完成该操作。${text}`, category) : []),
    ]
  }),
  'table:wx-errno': wechat.rows
    .filter((r) => r.use !== 'none')
    .map((r) => ({
      raw: { errno: r.errno, errMsg: 'request:fail' },
      expected: r.category as ErrorCategory,
      title: `${r.errno}`,
    })),
  ...Object.fromEntries(Object.entries(CLASSES).map(([name, list]) => [name, list.map(fromClass)])),
}

const run = (c: Case) => classify(c.raw, c.platform && PLATFORM_CODES[c.platform]).category

describe('classification accuracy per class (issue 28)', () => {
  it('reports each class, and misses nothing', () => {
    const lines: string[] = []
    const misses: string[] = []
    for (const [name, cases] of Object.entries(SETS)) {
      const wrong = cases.filter((c) => run(c) !== c.expected)
      for (const c of wrong) misses.push(`${name}: ${c.title} → ${run(c)} (want ${c.expected})`)
      const pct = ((100 * (cases.length - wrong.length)) / cases.length).toFixed(1)
      lines.push(
        `${name.padEnd(20)} ${String(cases.length - wrong.length).padStart(4)}/${String(cases.length).padEnd(4)} ${pct}%`,
      )
    }
    console.log(['accuracy per class', ...lines, ...misses.map((m) => '  miss ' + m)].join('\n'))
    expect(misses).toEqual([])
  })

  it.each(Object.entries(CLASSES).flatMap(([name, list]) => list.map((e) => [name, e.errMsg, e] as const)))(
    '%s: %s',
    (_name, _msg, e) => {
      expect(run(fromClass(e))).toBe(e.expected)
    },
  )

  it('an unknown stays unknown, raw message and parsed code kept (never a category from nothing)', () => {
    expect(classify({ errMsg: 'request:fail something odd', errno: 1 })).toMatchObject({
      category: 'unknown',
    })
    expect(classify({ errMsg: 'request:fail -2:net::ERR_FAILED', errno: 600000 })).toMatchObject({
      category: 'unknown',
      code: 'chromium:-2',
    })
  })
})
