import { EngineNotice } from '../core/engine'
import { fill, NOTICE_TEXT } from '../core/text'
import { Lang, PlatformId } from '../core/vocabulary'
import { platformName } from './platform-words'

/** Something said once about a run, beside its rows; kept in the report's warnings too. */
export type RunNotice = EngineNotice | { kind: 'local_storage' } | { kind: 'paused' }

/** A notice as the user reads it, naming the platform the page runs on (WeChat when none is named). */
export function noticeText(n: RunNotice, lang: Lang, platformId: PlatformId = 'wechat'): string {
  const text = NOTICE_TEXT[n.kind][lang]
  const name = platformName(platformId, lang)
  switch (n.kind) {
    case 'host_sockets':
      return fill(text, { held: n.held, opened: n.opened, max: n.max ?? 5, name })
    case 'background':
      return fill(text, { requeued: n.requeued, name })
    case 'deadline_grown':
      return fill(text, { seconds: Math.ceil(n.deadlineMs / 1000) })
    default:
      return text
  }
}
