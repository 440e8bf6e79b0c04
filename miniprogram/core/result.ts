import { Caveat, Category, ErrorCategory, ProbeStatus, Purpose, SkipReason } from './vocabulary'

/** A probe's timing in ms: totalMs measured by the engine, the rest as the platform reports it. */
export interface ProbeTiming {
  totalMs: number
  dnsMs?: number
  connectMs?: number
  tlsMs?: number
  ttfbMs?: number
}

/** Why a probe failed (or, with caveat `http`, what a reached socket answered instead of 101). */
export interface ProbeError {
  category: ErrorCategory
  errMsg: string
  errno?: number
  code?: string
  /** The platform code read from errMsg (`chromium:-2`, `nsurl:-1009`…), see classify(). */
  parsedCode?: string
}

/** One probe's result: what the engine settles, the report keeps and the share link carries. */
export interface ProbeResult {
  id: string
  category: Category
  url: string
  purpose: Purpose
  status: ProbeStatus
  error?: ProbeError
  statusCode?: number
  /** Reached probes: what the connection did after the answer (RawOutcome.after). */
  after?: string
  timing?: ProbeTiming
  caveats?: Caveat[]
  skipReason?: SkipReason
  /** Platform calls made, more than 1 only after `too_many` retries. */
  attempts?: number
}

/** Counts of a run, by status. */
export interface RunProgress {
  total: number
  done: number
  running: number
  pass: number
  warn: number
  fail: number
  skipped: number
}
