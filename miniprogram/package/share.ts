import { Report, verdict } from '../core/report'
import { shareCard as cardPath } from '../platform/share-card'

/**
 * The npm package's `zim-netcheck/share`: what a host page's onShareAppMessage returns for the report the
 * panel's `report` event gave it. `page` is the route of the host page that wraps report-view (the panel's
 * `share-path`, given as `detail.sharePage` in the event); the path is built by platform/share-card.
 */
export function shareCard(report: Report, page?: string): { title: string; path: string } {
  return {
    title: `ZIM 检测 SDK ${report.sdk.resolved}：${verdict(report.results, 'zh')}`,
    path: cardPath(report, page).path,
  }
}
