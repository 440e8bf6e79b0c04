import type { ProbeTiming } from './result'
import type { Lang } from './vocabulary'
import { TIMING_TEXT } from './text'

/*
 * Formatting shared by every reader of a report: the panel and the report page (store/view-model.ts), the
 * offline viewer (web/viewer) and the text renderers (core/report/render.ts).
 */

/** A probe's total time as a row shows it: `123 ms` (empty without a timing). */
export const formatLatency = (t: ProbeTiming | undefined): string => (t ? `${Math.round(t.totalMs)} ms` : '')

/**
 * The timing breakdown. `connectMs` is the whole connection, TLS included, as WeChat measures it (connectStart →
 * connectEnd, Chromium's meaning), so TLS (SSLconnectionStart → End) is shown as the part of it that it is.
 */
export function formatTiming(t: ProbeTiming | undefined, lang: Lang): string {
  if (!t) return ''
  const T = TIMING_TEXT
  const parts: string[] = []
  if (t.dnsMs !== undefined) parts.push(`DNS ${Math.round(t.dnsMs)}`)
  if (t.connectMs !== undefined) parts.push(`${T.connect[lang]} ${Math.round(t.connectMs)}`)
  if (t.tlsMs !== undefined) parts.push(`${T.tls[lang]} ${Math.round(t.tlsMs)}`)
  if (t.ttfbMs !== undefined) parts.push(`${T.ttfb[lang]} ${Math.round(t.ttfbMs)}`)
  parts.push(`${T.total[lang]} ${Math.round(t.totalMs)} ms`)
  return parts.join(' · ')
}

/** A finished report's tone (the CSS class of its verdict): any failure, else any warning or skip, else ok. */
export const summaryTone = (s: { fail: number; warn: number; skipped: number }): 'fail' | 'warn' | 'ok' =>
  s.fail > 0 ? 'fail' : s.warn + s.skipped > 0 ? 'warn' : 'ok'

/** When a report was made, for reading: the reader's local time with its zone, `2026-11-28 18:20:30 UTC+8`. */
export const formatCreatedAt = (iso: string, offsetMinutes?: number): string =>
  formatLocalTime(iso, offsetMinutes)

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n))

/**
 * A time as the reader's clock shows it, with the zone: `2026-11-28 18:20:30 UTC+8` (`UTC+5:30`, `UTC`).
 * `offsetMinutes` is east of UTC (China +480); by default the device's own offset at that time. Text that is
 * not a time is returned as it came.
 */
export function formatLocalTime(iso: string, offsetMinutes?: number, withSeconds = true): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  const off = offsetMinutes ?? -new Date(ms).getTimezoneOffset()
  const d = new Date(ms + off * 60_000)
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}${withSeconds ? `:${pad2(d.getUTCSeconds())}` : ''}`
  const abs = Math.abs(off)
  const zone =
    off === 0
      ? 'UTC'
      : `UTC${off < 0 ? '-' : '+'}${Math.floor(abs / 60)}${abs % 60 ? `:${pad2(abs % 60)}` : ''}`
  return `${date} ${time} ${zone}`
}

/** "iPhone 15 iOS 17.2": the brand is left out when the model already starts with it. One name everywhere. */
export function deviceName(env: { brand?: string; model?: string; system?: string }): string {
  const brand =
    env.brand && env.model && env.model.toLowerCase().startsWith(env.brand.toLowerCase()) ? '' : env.brand
  return [brand, env.model, env.system].filter(Boolean).join(' ')
}

/**
 * A URL with a zero-width break opportunity after each `.`, `-` and `/`: a narrow screen wraps it between
 * labels (`accesshub-wss.|coolbcloud.|com`), never inside one, without `word-break: break-all`.
 */
export const breakableUrl = (url: string): string => url.replace(/([.\-/])(?=[^./-])/g, '$1\u200b')

/**
 * What a row shows: a warning whose only caveat is the run-level "not enforced" stays a pass, said once for the
 * run (docs/taxonomy.md). WeChat skips the check in DevTools with domain checking off and on a phone in debug
 * mode (developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html, 跳过域名校验); a develop build
 * with debug mode off checks.
 */
export function shownStatus(r: { status: string; caveats?: readonly string[] }): string {
  const c = r.caveats
  return r.status === 'warn' && c !== undefined && c.length > 0 && c.every((x) => x === 'not_enforced')
    ? 'pass'
    : r.status
}
