import type { Report } from '../../core/report/model'
import { SUPPORT_TEXT } from '../../core/text-send'
import {
  Collector,
  collectorNote,
  createSupportSender,
  parseCollector,
  SupportSender,
} from '../../platform/support-send'
import { RunStore } from '../../store/run-store'

// One job: the panel's side of "发送给技术支持 / Send to support" (issue 32): the `collector` property applied,
// the action's data (`send` in WXML), the tap. Posting and queueing: platform/support-send.ts.

/** What the panel's runtime holds for sending. */
export interface SendRuntime {
  store: RunStore
  sender?: SupportSender
  sendTo?: Collector
  /** The `collector` value the sender was made from. */
  sendFrom?: string
}

interface Panel {
  data: { collector?: unknown; send: { blocked: boolean; off?: boolean } }
  setData(d: Record<string, unknown>): void
}

/**
 * Reads the `collector` property (a new sender when it changed; a wrong one is a notice) and returns the app's
 * own domains with the collector's added as a request domain, so the run probes it like any other.
 */
export function applyCollector(panel: Panel, rt: SendRuntime, extra: unknown): unknown {
  const raw = panel.data.collector
  const from = typeof raw === 'string' ? raw : JSON.stringify(raw)
  const lang = rt.store.lang
  const c = parseCollector(raw, lang)
  // The words follow the panel's language, which the `lang` property may change after the collector.
  const d: Record<string, unknown> = {
    'send.action': SUPPORT_TEXT.action[lang],
    'send.what': SUPPORT_TEXT.what[lang],
    'send.error': c && 'error' in c ? c.error : '',
  }
  if (from !== rt.sendFrom) {
    rt.sendFrom = from
    if (rt.sender) rt.sender.stop()
    rt.sendTo = c && 'url' in c ? c : undefined
    rt.sender =
      rt.sendTo &&
      createSupportSender(
        wx,
        rt.sendTo,
        () => rt.store.lang,
        (state, line) =>
          panel.setData({
            'send.state': state,
            'send.line': line,
            'send.off': state === 'sending' || state === 'sent',
          }),
      )
    // What an earlier panel could not send goes now (and when the network returns).
    if (rt.sender) rt.sender.retry()
    d['send.on'] = !!rt.sender
    d['send.note'] = d['send.line'] = d['send.state'] = ''
    d['send.blocked'] = d['send.off'] = false
  }
  panel.setData(d)
  return rt.sendTo ? [extra, 'request:' + rt.sendTo.origin] : extra
}

/** A run finished: what it said of the collector's domain. */
export function showSupport(panel: Panel, rt: SendRuntime, report: Report): void {
  if (!rt.sendTo) return
  const n = collectorNote(report, rt.sendTo.origin, rt.store.lang)
  panel.setData({
    'send.note': n.text,
    'send.blocked': n.blocked,
  })
}

/** The tap: the finished run's report to the collector (not when its domain is refused, nor twice at once). */
export function sendSupport(panel: Panel, rt: SendRuntime): void {
  const report = rt.store.report
  if (rt.sender && report && !panel.data.send.blocked && !panel.data.send.off) rt.sender.send(report)
}
