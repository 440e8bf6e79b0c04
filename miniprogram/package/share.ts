import { Report, verdict } from '../core/report'
import { encodeShare, SHARE_PAGE } from '../core/share'

/**
 * The npm package's `zim-netcheck/share`: what a host page's onShareAppMessage returns for the report the
 * panel's `report` event gave it. `page` is the route of the host page that wraps report-view.
 */
export function shareCard(report: Report, page: string = SHARE_PAGE): { title: string; path: string } {
  return {
    title: `ZIM 检测 SDK ${report.sdk.resolved}：${verdict(report.results, 'zh')}`,
    path: `${page}?r=${encodeShare(report).payload}`,
  }
}
