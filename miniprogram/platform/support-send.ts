import { checkServerUrl } from '../core/extra-domains'
import { Report } from '../core/report/model'
import { fill } from '../core/text-base'
import { SUPPORT_TEXT } from '../core/text-send'
import { Lang } from '../core/vocabulary'
import { createReportQueue, postReport, queuePlatform, ReportQueue, safe, settles } from './report-queue'

// One job: the panel's "发送给技术支持 / Send to support" (issue 32) over the platform: the `collector` property
// read, the report posted through the shared queue (platform/report-queue.ts), each answer said in one line.

/** A collector as the panel takes it: its base URL, the app's ingest key, and its origin (the probed domain). */
export interface Collector {
  url: string
  key: string
  origin: string
}

/**
 * The `collector` property: `{url, key}`, or that object as JSON text (uni-app / Taro static attributes). Empty:
 * undefined (no action). Wrong: one line saying why, in `lang`.
 */
export function parseCollector(value: unknown, lang: Lang): Collector | { error: string } | undefined {
  if (value === '' || value == null) return undefined
  const v = (typeof value === 'string' ? safe(() => JSON.parse(value)) : value) as
    | { url?: unknown; key?: unknown }
    | undefined
  const url = v && typeof v.url === 'string' ? v.url.trim() : ''
  const key = v && v.key
  // The origin is the domain the console lists; a path before /v1/reports is allowed (the endpoint too, as --send).
  const m = /^(https:\/\/[^/?#]+)(\/[^?#]*)?$/i.exec(url)
  const origin = checkServerUrl('request', m ? m[1] : url, lang)
  return !url || typeof key !== 'string' || !key || !origin.ok || !m
    ? { error: fill(SUPPORT_TEXT.bad[lang], { error: url && key && !origin.ok ? origin.error : 'url, key' }) }
    : { url: origin.url + (m[2] || '').replace(/(\/v1\/reports)?\/*$/, ''), key, origin: origin.url }
}

/**
 * What the run said about the collector's domain, probed as a request domain of the app's own (purpose `app`):
 * not whitelisted → `blocked` (nothing can go); failed otherwise → a warning; passed or not probed → ''.
 */
export function collectorNote(
  report: Report,
  origin: string,
  lang: Lang,
): { text: string; blocked: boolean } {
  const r = report.results.filter(
    (x) => x.purpose === 'app' && x.category === 'request' && x.url === origin && x.status === 'fail',
  )[0]
  const host = origin.slice(8)
  const blocked = !!r && !!r.error && r.error.category === 'not_whitelisted'
  return {
    blocked,
    text: !r
      ? ''
      : fill(SUPPORT_TEXT[blocked ? 'blocked' : 'unreached'][lang], {
          host,
          error: r.error && r.error.category,
        }),
  }
}

export type SendState = 'sending' | 'sent' | 'queued' | 'refused'

export interface SupportSender {
  /** Queues the report and sends what waits; the outcome comes to `said`. */
  send(report: Report): void
  /** Sends what an earlier panel left queued; stops listening at `stop`. */
  retry(): void
  stop(): void
}

/** The panel's queue: a few reports, kept in storage until they go. */
export const SUPPORT_QUEUE_KEY = 'zim-netcheck:panel:queue'

/**
 * The sender over a platform global (`wx` or a platform's facade of it). `said(state, line)`: the last report's
 * outcome — sent, refused (4xx with the collector's line), or queued (an earlier report that could not go
 * keeps it waiting too) — one line in `lang()`. What an earlier panel queued goes silently.
 */
export function createSupportSender(
  api: unknown,
  c: Collector,
  lang: () => Lang,
  said: (state: SendState, line: string) => void,
): SupportSender {
  let stopped = false
  let mine = ''
  const t = (k: keyof typeof SUPPORT_TEXT, v: object = {}) => fill(SUPPORT_TEXT[k][lang()], v)
  const p = queuePlatform(api)
  const queue: ReportQueue = createReportQueue(
    p,
    c.url,
    c.key,
    SUPPORT_QUEUE_KEY,
    5,
    () => true,
    () => stopped,
    answered,
  )
  function answered(body: string, status: number, data: unknown) {
    const d = (data && typeof data === 'object' ? data : {}) as { id?: unknown; error?: unknown }
    if (!mine || (body !== mine && settles(status))) return
    const state: SendState = !settles(status) ? 'queued' : status < 300 ? 'sent' : 'refused'
    said(
      state,
      state === 'sent'
        ? t('sent', { id: String(d.id || '').slice(0, 12) })
        : state === 'refused'
          ? t('refused', {
              error: String(d.error || 'HTTP ' + status)
                .replace(/\s+/g, ' ')
                .slice(0, 160),
            })
          : t('queued', { why: status ? t('busy', { status }) : t('offline') }),
    )
  }
  return {
    send(report) {
      mine = JSON.stringify(report)
      queue.enqueue(mine)
      said('sending', t('sending'))
      const body = mine
      // Storage that keeps nothing (full, refused): the report still goes once, straight.
      if (queue.queueLength()) void queue.sendQueue()
      else postReport(p, c.url, c.key, body, (status, data) => answered(body, status, data))
    },
    retry() {
      if (queue.queueLength() > 0) void queue.sendQueue()
    },
    stop() {
      stopped = true
      queue.unlisten()
    },
  }
}
