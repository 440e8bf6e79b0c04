import type { Report } from '../core/report/model'
import { DEFAULT_MAX_BYTES, encodeShare, SHARE_PAGE } from '../core/share'

// Kept apart from platform/send-report.ts: the panel needs only the page path, and the encoder (core/share) is
// loaded by the pages that build a card, not by the panel (footprint_kb).

/** The default page a share card opens: the report viewer of this package. */
export const DEFAULT_SHARE_PAGE = SHARE_PAGE

/**
 * A share card's `{title, path}` for a report, opening `page` (hosts keep debug pages in subpackages, e.g.
 * `/debug/netcheck/report`). The payload is core/share's, unchanged; a longer page path leaves it fewer bytes.
 * An invalid page (not starting with '/') falls back to the default.
 */
export function shareCard(
  report: Report,
  page: string = DEFAULT_SHARE_PAGE,
): { path: string; complete: boolean } {
  const target = validSharePage(page)
  const extra = target.length - SHARE_PAGE.length
  const encoded = encodeShare(report, { maxBytes: DEFAULT_MAX_BYTES - Math.max(0, extra) })
  return { path: `${target}?r=${encoded.payload}`, complete: encoded.complete }
}

/** A page path a card can open: starts with '/', no query, no spaces; anything else is the default. */
export function validSharePage(page: unknown): string {
  return typeof page === 'string' && /^\/[^?#\s]+$/.test(page) ? page : DEFAULT_SHARE_PAGE
}
