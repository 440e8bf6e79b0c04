import { EngineNotice } from '../core/engine'
import { fill, NOTICE_TEXT } from '../core/text'
import { Lang } from '../core/vocabulary'

/** Something said once about a run, beside its rows; kept in the report's warnings too. */
export type RunNotice = EngineNotice | { kind: 'local_storage' } | { kind: 'paused' }

/** A notice as the user reads it. */
export function noticeText(n: RunNotice, lang: Lang): string {
  const text = NOTICE_TEXT[n.kind][lang]
  switch (n.kind) {
    case 'host_sockets':
      return fill(text, { held: n.held, opened: n.opened })
    case 'background':
      return fill(text, { requeued: n.requeued })
    case 'deadline_grown':
      return fill(text, { seconds: Math.ceil(n.deadlineMs / 1000) })
    default:
      return text
  }
}
