import type { Classification, PlatformCodes } from './classifier'
import { classify } from './classifier'
import type { ProbeTarget, RawOutcome } from './adapter'
import { WhitelistEnforcement } from './environment'
import { CanaryVerdict, Category, ErrorCategory } from './vocabulary'

/**
 * The canary: at the start of a run, one request and one socket to a host no app can have in its domain list,
 * a random label under `example.com`, which RFC 2606 reserves for examples (it can never be ICP-licensed or
 * configured in any console). Whether the platform refuses it as "not in the domain list" is whether the
 * whitelist is enforced on this phone, measured instead of inferred from the environment. The name does not
 * resolve (example.com has no wildcard record), so nothing reaches a server of anyone's.
 */

/** The canary's own deadline: short, on the engine's clock. */
export const CANARY_TIMEOUT_MS = 3000
export const CANARY_PARENT = 'example.com'

/** `zim-canary-<8 random base-36 characters>.example.com`. */
export function canaryHost(random: () => number = Math.random): string {
  let label = ''
  for (let i = 0; i < 8; i++) label += Math.floor(random() * 36).toString(36)
  return `zim-canary-${label}.${CANARY_PARENT}`
}

/** The canary's calls: an https request (HEAD) and a wss socket to `host`. Ids start with `canary:`. */
export function canaryTargets(host: string): ProbeTarget[] {
  return [
    { id: `canary:request`, category: 'request', url: `https://${host}/` },
    { id: `canary:socket`, category: 'socket', url: `wss://${host}/` },
  ]
}

/** One canary call: what the platform answered, or nothing (no answer within the canary's deadline). */
export interface CanaryCall {
  category: Category
  outcome?: RawOutcome
}

/** The platform's own answer to the canary, as it gave it: its words and code for "not in the domain list". */
export interface CanaryAnswer {
  api: Category
  /** How the classifier read it. */
  category: ErrorCategory
  errMsg: string
  errno?: number
  /** The platform's own code field (Alipay `error`, Douyin `errorCode` / `errNo`, Baidu `errCode`). */
  platformCode?: number
  /** The classifier's reading of a code in the message (`table:code`). */
  code?: string
}

export interface CanaryResult {
  verdict: Exclude<CanaryVerdict, 'off'>
  /** The answer that decided (`enforced`: the refusal), or, undecided, the last answer the classifier did not know. */
  answer?: CanaryAnswer
}

/** The platform's answer to one call as a report keeps it: its words, its codes, how the classifier read it. */
export function answerOf(
  api: Category,
  o: RawOutcome,
  c: Pick<Classification, 'category' | 'code'>,
): CanaryAnswer {
  const answer: CanaryAnswer = { api, category: c.category, errMsg: String(o.errMsg ?? '') }
  if (typeof o.errno === 'number') answer.errno = o.errno
  const own = [o.error, o.errorCode, o.errNo, o.errCode].filter((n) => typeof n === 'number')[0]
  if (own !== undefined) answer.platformCode = own
  if (c.code) answer.code = c.code
  return answer
}

/** A failure that proves the platform let the call out to the network: DNS, TCP, TLS, HTTP, a proxy. */
const LET_THROUGH: readonly ErrorCategory[] = ['dns', 'refused', 'tls', 'http', 'proxy']

/**
 * The verdict of the canary's calls, from the same classification as the probes': `not_whitelisted` on any
 * call → enforced; an answer, or a failure of the network (LET_THROUGH) → not enforced; anything else (no answer
 * in time, offline, timeout, aborted, too many tasks, a bad request, a message the classifier does not know) →
 * undecided. `interrupted`: the app went to the background meanwhile: undecided whatever came.
 */
export function canaryVerdict(
  calls: readonly CanaryCall[],
  codes?: PlatformCodes,
  interrupted = false,
): CanaryResult {
  let through = false
  let unknown: CanaryAnswer | undefined
  for (const call of calls) {
    const o = call.outcome
    if (!o) continue
    if (o.reached) {
      through = true
      continue
    }
    const c = classify(o, codes)
    const answer = answerOf(call.category, o, c)
    if (c.category === 'not_whitelisted') return { verdict: interrupted ? 'undecided' : 'enforced', answer }
    if (LET_THROUGH.indexOf(c.category) >= 0) through = true
    else if (c.category === 'unknown') unknown = answer
  }
  if (through && !interrupted) return { verdict: 'not_enforced' }
  return unknown ? { verdict: 'undecided', answer: unknown } : { verdict: 'undecided' }
}

/**
 * A row refused as not in the domain list proves the list is checked, as the canary's refusal would. Where the run
 * did not know (no canary: `before` undefined; or it could not decide: the inference stayed the run's), the run is
 * enforced from now on and the refusal is kept as the measurement. Undefined where the run knew already: enforced,
 * or a canary that measured "not enforced" (its word stays).
 */
export function provenByRefusal(
  run: WhitelistEnforcement,
  before: EnforcementRecord | undefined,
  answer: CanaryAnswer,
): { whitelist: WhitelistEnforcement; record: EnforcementRecord } | undefined {
  if (run.enforced || (before && before.source === 'measured')) return undefined
  const canary = before ? before.canary : 'off'
  return {
    whitelist: { enforced: true, reasons: [] },
    record: { source: 'measured', canary, inferred: run, answer },
  }
}

/**
 * How a run knows whether the whitelist is enforced (the report's `environment.enforcement`): `measured` when
 * the canary decided, else `inferred` (today's rules, core/environment.ts). Both are kept: `inferred` is what
 * the environment said, `canary` what the phone answered, `answer` its exact words.
 */
export interface EnforcementRecord {
  source: 'measured' | 'inferred'
  canary: CanaryVerdict
  inferred: WhitelistEnforcement
  answer?: CanaryAnswer
}

/**
 * The run's enforcement after the canary: a measurement wins over the inference (DevTools with URL checking
 * on: enforced); not enforced, measured, carries the `measured` reason after the inferred ones.
 */
export function applyCanary(
  inferred: WhitelistEnforcement,
  result: CanaryResult | undefined,
): { whitelist: WhitelistEnforcement; record: EnforcementRecord } {
  const kept = { enforced: inferred.enforced, reasons: [...inferred.reasons] }
  const record: EnforcementRecord = {
    source: 'inferred',
    canary: result ? result.verdict : 'off',
    inferred: kept,
  }
  if (result?.answer) record.answer = { ...result.answer }
  if (!result || result.verdict === 'undecided')
    return { whitelist: { ...kept, reasons: [...kept.reasons] }, record }
  record.source = 'measured'
  const whitelist: WhitelistEnforcement =
    result.verdict === 'enforced'
      ? { enforced: true, reasons: [] }
      : { enforced: false, reasons: [...kept.reasons.filter((r) => r !== 'measured'), 'measured'] }
  return { whitelist, record }
}
