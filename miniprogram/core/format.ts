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

/** When a report was made, for reading: `2026-11-28 10:20:30 UTC` (the ISO time, milliseconds dropped). */
export const formatCreatedAt = (iso: string): string =>
  iso
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')
    .replace(/Z$/, ' UTC')
