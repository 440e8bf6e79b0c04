import type { Report } from '../../miniprogram/core/report'
import { UsageError } from '../args'

/*
 * `probe --send <collector-url>`: the report goes to a collector (`zim-netcheck collect`) with an ingest key.
 * Node's own fetch; nothing else loaded. The result is one line.
 */

/** The collector's reports endpoint for what the user gave: a base URL or the endpoint itself. */
export function sendTarget(url: string): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new UsageError(`--send takes the collector's URL (http://host:8787), got "${url}"`)
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new UsageError(`--send takes an http:// or https:// URL, got "${url}"`)
  if (u.username || u.password) throw new UsageError('--send: put the key in --app-key, not in the URL')
  const path = u.pathname.replace(/\/+$/, '')
  u.pathname = path.endsWith('/v1/reports') ? path : `${path}/v1/reports`
  return u.toString()
}

export const appKeyFrom = (given: unknown, env: Record<string, string | undefined>): string => {
  const key = typeof given === 'string' ? given : env.ZIM_APP_KEY
  if (!key) throw new UsageError('--send needs an ingest key: --app-key <key> or ZIM_APP_KEY')
  return key
}

/** Posts the report; `{ ok, line }` where line says what happened, in one line. */
export async function sendReport(
  target: string,
  key: string,
  report: Report,
  timeoutMs = 15_000,
): Promise<{ ok: boolean; line: string }> {
  let res: Response
  try {
    res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zim-app-key': key },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name
    return {
      ok: false,
      line: `report not sent to ${target}: ${cause === 'TimeoutError' ? 'no answer in time' : cause}`,
    }
  }
  let body: { id?: string; error?: string } = {}
  try {
    body = (await res.json()) as typeof body
  } catch {
    /* not the collector's JSON */
  }
  if (res.status === 202 || res.status === 200)
    return {
      ok: true,
      line: `report ${res.status === 200 ? 'already stored' : 'sent'} to ${target}: id ${String(body.id)}`,
    }
  return {
    ok: false,
    line: `report not sent to ${target}: ${res.status} ${String(body.error ?? res.statusText)
      .replace(/\s+/g, ' ')
      .slice(0, 200)}`,
  }
}
