import { Report } from '../core/report'
import { shareTitle } from '../core/share-title'
import { Lang } from '../core/vocabulary'
import { shareCard as cardPath } from '../platform/share-card'

/**
 * The npm package's `zim-netcheck/share`: what a host page's onShareAppMessage returns for the report the
 * panel's `report` event gave it. `page` is the route of the host page that wraps report-view (the panel's
 * `share-path`, given as `detail.sharePage` in the event); the path is built by platform/share-card. The
 * title is at most 30 characters, in `lang` (the event's `detail.lang`, the panel's language).
 */
export function shareCard(report: Report, page?: string, lang: Lang = 'zh'): { title: string; path: string } {
  return { title: shareTitle(report, lang), path: cardPath(report, page).path }
}
