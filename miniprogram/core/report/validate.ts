import { isPurposeName } from '../catalog-json'
import { proxyInfoProblem } from '../proxy'
import { ProbeResult } from '../result'
import {
  CANARY_VERDICTS,
  CATEGORIES,
  CAVEATS,
  ENV_FLAG_FIELDS,
  ENV_TEXT_FIELDS,
  ENV_VERSIONS,
  ERROR_CATEGORIES,
  isCategory,
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

export type ValidateResult = { ok: true; report: Report } | { ok: false; error: string }

/** A platform code read from a message by classify(): `chromium:-105`, `nsurl:-1009`, `posix:ECONNRESET`… */
const PARSED_CODE = /^(?:chromium|nsurl|cfnetwork|posix|node|alipay|douyin|baidu|qq):[\w-]{1,80}$/

/** Thrown inside validateReport only. Not an Error subclass: `instanceof` on those breaks once lowered to ES5. */
class Invalid {
  constructor(readonly message: string) {}
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
const isMs = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0

function need(cond: boolean, path: string, what: string): asserts cond {
  if (!cond) throw new Invalid(`${path}: ${what}`)
}

function optional(
  obj: Record<string, unknown>,
  key: string,
  check: (v: unknown) => boolean,
  path: string,
  what: string,
) {
  if (obj[key] !== undefined) need(check(obj[key]), `${path}.${key}`, what)
}

const isWhitelist = (w: unknown): boolean =>
  isObj(w) &&
  typeof w.enforced === 'boolean' &&
  Array.isArray(w.reasons) &&
  w.reasons.every((r) => isOneOf(NOT_ENFORCED_REASONS, r))

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)

/** `trigger` (issue 33): what started a sentinel's run. Optional; a report without it is unchanged. */
function checkTrigger(t: unknown): void {
  need(isObj(t) && t.by === 'sentinel', 'trigger', 'must be {by: "sentinel", kind, …}')
  need(isOneOf(TRIGGER_KINDS, t.kind), 'trigger.kind', `must be ${TRIGGER_KINDS.join(', ')}`)
  for (const k of ['state', 'event', 'code']) optional(t, k, isInt, 'trigger', 'must be an integer')
  optional(
    t,
    'reason',
    (x) => typeof x === 'string' && x.length <= 200,
    'trigger',
    'must be a string of at most 200 characters',
  )
}

/** `environment.enforcement` (issue 27): how the run knew whether the whitelist is enforced. */
function checkEnforcement(e: unknown): void {
  const path = 'environment.enforcement'
  need(
    isObj(e) &&
      (e.source === 'measured' || e.source === 'inferred') &&
      isOneOf(CANARY_VERDICTS, e.canary) &&
      isWhitelist(e.inferred),
    path,
    `must be {source: measured|inferred, canary: ${CANARY_VERDICTS.join('|')}, inferred: {enforced, reasons}}`,
  )
  const a = e.answer
  if (a === undefined) return
  const int = (x: unknown) => x === undefined || (typeof x === 'number' && Number.isInteger(x))
  need(
    isObj(a) &&
      typeof a.api === 'string' &&
      isCategory(a.api) &&
      isOneOf(ERROR_CATEGORIES, a.category) &&
      typeof a.errMsg === 'string' &&
      a.errMsg.length <= 2000 &&
      int(a.errno) &&
      int(a.platformCode) &&
      (a.code === undefined || (typeof a.code === 'string' && PARSED_CODE.test(a.code))),
    `${path}.answer`,
    'must be {api, category, errMsg, errno?, platformCode?, code?}',
  )
}

function checkResult(r: unknown, path: string): void {
  need(isObj(r), path, 'must be an object')
  need(
    typeof r.category === 'string' && isCategory(r.category),
    `${path}.category`,
    `must be one of ${CATEGORIES.join(', ')}`,
  )
  need(
    typeof r.url === 'string' && /^(wss|https):\/\/[^\s/]+/.test(r.url),
    `${path}.url`,
    'must be a wss:// or https:// url',
  )
  need(r.id === `${r.category}:${r.url}`, `${path}.id`, 'must be "category:url"')
  // A purpose of the vocabulary, or the name an imported table gives a new one (both pass isPurposeName).
  need(isPurposeName(r.purpose), `${path}.purpose`, 'unknown purpose')
  need(isOneOf(PROBE_STATUSES, r.status), `${path}.status`, 'must be pass, warn, fail or skipped')
  if (r.error !== undefined) {
    const e = r.error
    need(isObj(e), `${path}.error`, 'must be an object')
    need(isOneOf(ERROR_CATEGORIES, e.category), `${path}.error.category`, 'unknown error category')
    need(typeof e.errMsg === 'string', `${path}.error.errMsg`, 'must be a string')
    optional(
      e,
      'errno',
      (v) => typeof v === 'number' && Number.isFinite(v),
      `${path}.error`,
      'must be a number',
    )
    optional(e, 'code', (v) => typeof v === 'string', `${path}.error`, 'must be a string')
    optional(
      e,
      'parsedCode',
      (v) => typeof v === 'string' && PARSED_CODE.test(v),
      `${path}.error`,
      'must be table:code',
    )
  }
  need(r.status !== 'fail' || r.error !== undefined, `${path}.error`, 'a failed probe must carry its error')
  optional(r, 'statusCode', (v) => isCount(v) && (v as number) < 1000, path, 'must be an HTTP status')
  optional(r, 'after', (v) => typeof v === 'string', path, 'must be a string')
  if (r.timing !== undefined) {
    const t = r.timing
    need(isObj(t), `${path}.timing`, 'must be an object')
    need(isMs(t.totalMs), `${path}.timing.totalMs`, 'must be a number of ms')
    for (const k of TIMING_KEYS) optional(t, k, isMs, `${path}.timing`, 'must be a number of ms')
  }
  optional(
    r,
    'caveats',
    (v) => Array.isArray(v) && v.every((c) => isOneOf(CAVEATS, c)),
    path,
    'unknown caveat',
  )
  optional(r, 'skipReason', (v) => isOneOf(SKIP_REASONS, v), path, 'unknown skip reason')
}

/** Checks an untrusted value (a file, a shared payload) is a report this version can show. Never throws. */
export function validateReport(value: unknown): ValidateResult {
  try {
    need(isObj(value), 'report', 'must be a JSON object')
    const v = value
    need(typeof v.schema === 'string', 'schema', `missing; expected "${REPORT_SCHEMA}"`)
    need(
      v.schema === REPORT_SCHEMA,
      'schema',
      `"${String(v.schema).slice(0, 40)}" is not supported; expected "${REPORT_SCHEMA}"`,
    )
    need(
      typeof v.createdAt === 'string' && !Number.isNaN(Date.parse(v.createdAt)),
      'createdAt',
      'must be an ISO date',
    )
    need(
      isObj(v.sdk) && typeof v.sdk.input === 'string' && typeof v.sdk.resolved === 'string',
      'sdk',
      'must be {input, resolved}',
    )
    const c = v.catalog
    if (c !== undefined)
      need(
        isObj(c) &&
          typeof c.builtin === 'boolean' &&
          typeof c.source === 'string' &&
          c.source.length <= 200 &&
          isCount(c.rows) &&
          /^[0-9a-f]{8}$/.test(String(c.hash)) &&
          (c.date === undefined || /^\d{4}-\d\d(-\d\d)?$/.test(String(c.date))),
        'catalog',
        'must be {builtin, source, date?, rows, hash}',
      )
    const env = v.environment
    need(isObj(env), 'environment', 'must be an object')
    need(isOneOf(RUNTIMES, env.runtime), 'environment.runtime', `must be ${RUNTIMES.join(', ')}`)
    for (const k of ENV_TEXT_FIELDS)
      optional(env, k, (x) => typeof x === 'string', 'environment', 'must be a string')
    optional(env, 'platformId', (x) => isOneOf(PLATFORM_IDS, x), 'environment', 'unknown platform')
    for (const k of ENV_FLAG_FIELDS)
      optional(env, k, (x) => typeof x === 'boolean', 'environment', 'must be true or false')
    optional(
      env,
      'envVersion',
      (x) => isOneOf(ENV_VERSIONS, x),
      'environment',
      'must be develop, trial or release',
    )
    if (env.proxy !== undefined) {
      const problem = proxyInfoProblem(env.proxy)
      need(problem === '', 'environment.proxy', problem)
    }
    const wl = env.whitelist
    need(
      isObj(wl) && typeof wl.enforced === 'boolean',
      'environment.whitelist',
      'must be {enforced, reasons}',
    )
    need(
      Array.isArray(wl.reasons) && wl.reasons.every((r) => isOneOf(NOT_ENFORCED_REASONS, r)),
      'environment.whitelist.reasons',
      'unknown reason',
    )
    if (env.enforcement !== undefined) checkEnforcement(env.enforcement)
    const o = v.options
    need(
      isObj(o) && isMs(o.timeoutMs) && isMs(o.deadlineMs),
      'options',
      'must carry timeoutMs and deadlineMs',
    )
    need(
      isObj(o.concurrency) && isCount(o.concurrency.http) && isCount(o.concurrency.socket),
      'options.concurrency',
      'must be {http, socket}',
    )
    optional(
      o,
      'only',
      (x) => Array.isArray(x) && x.every((c) => typeof c === 'string' && isCategory(c)),
      'options',
      'unknown category',
    )
    need(Array.isArray(v.results), 'results', 'must be a list')
    const results = v.results as unknown[]
    results.forEach((r, i) => checkResult(r, `results[${i}]`))
    const ids = new Set((results as ProbeResult[]).map((r) => r.id))
    need(ids.size === results.length, 'results', 'has the same probe twice')
    const s = v.summary
    need(
      isObj(s) && SUMMARY_KEYS.every((k) => isCount(s[k])),
      'summary',
      'must count total, pass, warn, fail, skipped',
    )
    const actual = summarize(results as ProbeResult[])
    for (const k of SUMMARY_KEYS) {
      need(s[k] === actual[k], `summary.${k}`, `says ${String(s[k])} but the results have ${actual[k]}`)
    }
    need(
      Array.isArray(v.warnings) && v.warnings.every((w) => typeof w === 'string'),
      'warnings',
      'must be a list of strings',
    )
    if (v.trigger !== undefined) checkTrigger(v.trigger)
    return { ok: true, report: value as unknown as Report }
  } catch (e) {
    return { ok: false, error: `invalid report: ${(e as Invalid | Error).message}` }
  }
}
