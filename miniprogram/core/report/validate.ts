import { isPurposeName } from '../catalog-json'
import { proxyInfoProblem } from '../proxy-info'
import { ProbeResult } from '../result'
import {
  CANARY_VERDICTS,
  CATEGORIES,
  CAVEATS,
  ENV_FLAG_FIELDS,
  ENV_TEXT_FIELDS,
  ENV_VERSIONS,
  ERROR_CATEGORIES,
  isOneOf,
  NOT_ENFORCED_REASONS,
  PLATFORM_IDS,
  PROBE_STATUSES,
  RUNTIMES,
  SKIP_REASONS,
  SUMMARY_KEYS,
  TIMING_KEYS,
  TRIGGER_KINDS,
} from '../vocabulary'
import { Report, REPORT_SCHEMA, summarize } from './model'

/*
 * Untrusted input (a file, a link, storage) → a report, or one message naming the first field that is wrong.
 * The checks are data: per object, in order, a field's path, its test and what it must be.
 */

export type ValidateResult = { ok: true; report: Report } | { ok: false; error: string }

/** A platform code read from a message by classify(): `chromium:-105`, `nsurl:-1009`, `posix:ECONNRESET`… */
const PARSED_CODE = /^(?:chromium|nsurl|cfnetwork|posix|node|alipay|douyin|baidu|qq):[\w-]{1,80}$/

/** Thrown inside validateReport only. Not an Error subclass: `instanceof` on those breaks once lowered to ES5. */
class Invalid {
  constructor(readonly message: string) {}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a check reads fields of what it has not yet proven
type Any = any

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isStr = (v: unknown): v is string => typeof v === 'string'
const isBool = (v: unknown) => typeof v === 'boolean'
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)
const isCount = (v: unknown): v is number => isInt(v) && v >= 0
const isMs = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0
const oneOf =
  (list: readonly string[]) =>
  (v: unknown): boolean =>
    isOneOf(list, v)
const listOf =
  (item: (v: unknown) => boolean) =>
  (v: unknown): boolean =>
    Array.isArray(v) && v.every(item)
const isCode = (v: unknown) => isStr(v) && PARSED_CODE.test(v)
const isWhitelist = (w: Any): boolean =>
  isObj(w) && isBool(w.enforced) && listOf(oneOf(NOT_ENFORCED_REASONS))(w.reasons)

/**
 * One check: the field's path inside the object (`a.b`; a trailing `?`: it may be absent), its test (given the
 * field and the object) and what it must be. A field whose parent is absent is not checked.
 */
type Check = [path: string, test: (v: Any, o: Any) => unknown, what: string]

function need(cond: unknown, path: string, what: string): void {
  if (!cond) throw new Invalid(`${path}: ${what}`)
}

/** A check with its path read once: the keys to walk, whether the field may be absent. */
interface Compiled {
  keys: string[]
  path: string
  optional: boolean
  test: Check[1]
  what: string
}

/**
 * Each list of checks read once, on first use (splitting every path again for every field of every result made
 * validateReport ~9× slower: the collector runs it on each report it takes).
 */
const compiled = new Map<readonly Check[], Compiled[]>()

/** Runs `checks` on `o` in order; the first that fails throws, named `at.path`. */
function check(o: Any, at: string, checks: readonly Check[]): void {
  let list = compiled.get(checks)
  if (!list) {
    list = checks.map(([key, test, what]) => {
      const path = key.replace('?', '')
      return { keys: path.split('.'), path, optional: key !== path, test, what }
    })
    compiled.set(checks, list)
  }
  for (let c = 0; c < list.length; c++) {
    const { keys, path, optional, test, what } = list[c]
    let v = o
    for (let i = 0; i < keys.length - 1 && v !== undefined; i++) v = v[keys[i]]
    if (v === undefined) continue
    v = v[keys[keys.length - 1]]
    if ((!optional || v !== undefined) && !test(v, o)) throw new Invalid(`${at}${path}: ${what}`)
  }
}

// Each list of checks is made by a call marked pure: a bundle that reaches this module but never validates (the
// panel, through core/report's index) drops them (issue 31). Calls at the top level would otherwise stay.
const RESULT: readonly Check[] = /* @__PURE__ */ (() => [
  ['category', oneOf(CATEGORIES), `must be one of ${CATEGORIES.join(', ')}`],
  ['url', (v) => isStr(v) && /^(wss|https):\/\/[^\s/]+/.test(v), 'must be a wss:// or https:// url'],
  ['id', (v, r) => v === `${r.category}:${r.url}`, 'must be "category:url"'],
  // A purpose of the vocabulary, or the name an imported table gives a new one (both pass isPurposeName).
  ['purpose', isPurposeName, 'unknown purpose'],
  ['status', oneOf(PROBE_STATUSES), 'must be pass, warn, fail or skipped'],
  ['error?', isObj, 'must be an object'],
  ['error.category', oneOf(ERROR_CATEGORIES), 'unknown error category'],
  ['error.errMsg', isStr, 'must be a string'],
  ['error.errno?', (v) => typeof v === 'number' && Number.isFinite(v), 'must be a number'],
  ['error.code?', isStr, 'must be a string'],
  ['error.parsedCode?', isCode, 'must be table:code'],
  ['error', (v, r) => r.status !== 'fail' || v !== undefined, 'a failed probe must carry its error'],
  ['statusCode?', (v) => isCount(v) && v < 1000, 'must be an HTTP status'],
  ['after?', isStr, 'must be a string'],
  ['timing?', isObj, 'must be an object'],
  ['timing.totalMs', isMs, 'must be a number of ms'],
  ...TIMING_KEYS.map((k): Check => [`timing.${k}?`, isMs, 'must be a number of ms']),
  ['caveats?', listOf(oneOf(CAVEATS)), 'unknown caveat'],
  ['skipReason?', oneOf(SKIP_REASONS), 'unknown skip reason'],
])()

/** The report's fields before the proxy (whose message is its own) and after it, up to the results. */
const HEAD: readonly Check[] = /* @__PURE__ */ (() => [
  ['createdAt', (v) => isStr(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO date'],
  ['sdk', (v) => isObj(v) && isStr(v.input) && isStr(v.resolved), 'must be {input, resolved}'],
  [
    'catalog?',
    (c) =>
      isObj(c) &&
      isBool(c.builtin) &&
      isStr(c.source) &&
      c.source.length <= 200 &&
      isCount(c.rows) &&
      /^[0-9a-f]{8}$/.test(String(c.hash)) &&
      (c.date === undefined || /^\d{4}-\d\d(-\d\d)?$/.test(String(c.date))),
    'must be {builtin, source, date?, rows, hash}',
  ],
  ['environment', isObj, 'must be an object'],
  ['environment.runtime', oneOf(RUNTIMES), `must be ${RUNTIMES.join(', ')}`],
  ...ENV_TEXT_FIELDS.map((k): Check => [`environment.${k}?`, isStr, 'must be a string']),
  ['environment.platformId?', oneOf(PLATFORM_IDS), 'unknown platform'],
  ...ENV_FLAG_FIELDS.map((k): Check => [`environment.${k}?`, isBool, 'must be true or false']),
  ['environment.envVersion?', oneOf(ENV_VERSIONS), 'must be develop, trial or release'],
])()

const int = (x: unknown) => x === undefined || isInt(x)

const BODY: readonly Check[] = /* @__PURE__ */ (() => [
  ['environment.whitelist', (w) => isObj(w) && isBool(w.enforced), 'must be {enforced, reasons}'],
  ['environment.whitelist.reasons', listOf(oneOf(NOT_ENFORCED_REASONS)), 'unknown reason'],
  // `environment.enforcement` (issue 27): how the run knew whether the whitelist is enforced.
  [
    'environment.enforcement?',
    (e) =>
      isObj(e) &&
      (e.source === 'measured' || e.source === 'inferred') &&
      isOneOf(CANARY_VERDICTS, e.canary) &&
      isWhitelist(e.inferred),
    `must be {source: measured|inferred, canary: ${CANARY_VERDICTS.join('|')}, inferred: {enforced, reasons}}`,
  ],
  [
    'environment.enforcement.answer?',
    (a) =>
      isObj(a) &&
      isOneOf(CATEGORIES, a.api) &&
      isOneOf(ERROR_CATEGORIES, a.category) &&
      isStr(a.errMsg) &&
      a.errMsg.length <= 2000 &&
      int(a.errno) &&
      int(a.platformCode) &&
      (a.code === undefined || isCode(a.code)),
    'must be {api, category, errMsg, errno?, platformCode?, code?}',
  ],
  [
    'options',
    (o) => isObj(o) && isMs(o.timeoutMs) && isMs(o.deadlineMs),
    'must carry timeoutMs and deadlineMs',
  ],
  ['options.concurrency', (c) => isObj(c) && isCount(c.http) && isCount(c.socket), 'must be {http, socket}'],
  ['options.only?', listOf(oneOf(CATEGORIES)), 'unknown category'],
  ['results', Array.isArray, 'must be a list'],
])()

const TAIL: readonly Check[] = /* @__PURE__ */ (() => [
  [
    'results',
    (rs: ProbeResult[]) => new Set(rs.map((r) => r.id)).size === rs.length,
    'has the same probe twice',
  ],
  [
    'summary',
    (s) => isObj(s) && SUMMARY_KEYS.every((k) => isCount(s[k])),
    'must count total, pass, warn, fail, skipped',
  ],
])()

const END: readonly Check[] = /* @__PURE__ */ (() => [
  ['warnings', listOf(isStr), 'must be a list of strings'],
  // `trigger` (issue 33): what started a sentinel's run. Optional; a report without it is unchanged.
  ['trigger?', (t) => isObj(t) && t.by === 'sentinel', 'must be {by: "sentinel", kind, …}'],
  ['trigger.kind', oneOf(TRIGGER_KINDS), `must be ${TRIGGER_KINDS.join(', ')}`],
  ...['state', 'event', 'code'].map((k): Check => [`trigger.${k}?`, isInt, 'must be an integer']),
  ['trigger.reason?', (x) => isStr(x) && x.length <= 200, 'must be a string of at most 200 characters'],
])()

/** Checks an untrusted value (a file, a shared payload) is a report this version can show. Never throws. */
export function validateReport(value: unknown): ValidateResult {
  try {
    need(isObj(value), 'report', 'must be a JSON object')
    const v = value as Any
    need(isStr(v.schema), 'schema', `missing; expected "${REPORT_SCHEMA}"`)
    need(
      v.schema === REPORT_SCHEMA,
      'schema',
      `"${String(v.schema).slice(0, 40)}" is not supported; expected "${REPORT_SCHEMA}"`,
    )
    check(v, '', HEAD)
    const proxy = v.environment.proxy
    if (proxy !== undefined) need(!proxyInfoProblem(proxy), 'environment.proxy', proxyInfoProblem(proxy))
    check(v, '', BODY)
    v.results.forEach((r: unknown, i: number) => {
      need(isObj(r), `results[${i}]`, 'must be an object')
      check(r, `results[${i}].`, RESULT)
    })
    check(v, '', TAIL)
    const actual = summarize(v.results)
    for (const k of SUMMARY_KEYS)
      need(
        v.summary[k] === actual[k],
        `summary.${k}`,
        `says ${String(v.summary[k])} but the results have ${actual[k]}`,
      )
    check(v, '', END)
    return { ok: true, report: value as unknown as Report }
  } catch (e) {
    return { ok: false, error: `invalid report: ${(e as Invalid | Error).message}` }
  }
}
