import { Report, validateReport } from '../miniprogram/core/report'
import { UsageError } from './args'

/** A saved report's JSON, validated; a usage error (exit 2) naming `what` when it is not one. */
export function reportFromJson(text: string, what: string): Report {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    throw new UsageError(`${what} is not JSON: ${(e as Error).message}`)
  }
  const checked = validateReport(data)
  if (!checked.ok) throw new UsageError(`${what}: ${checked.error}`)
  return checked.report
}
