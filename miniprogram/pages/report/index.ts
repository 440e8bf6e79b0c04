import { Report } from '../../core/report'
import { decodeShare } from '../../core/share'
import { shareCard } from '../../platform/share-card'
import { History } from '../../platform/history'
import { wechatLang } from '../../platform/environment'
import { buildReportView, ReportView } from '../../store/view-model'

const TEXT = {
  zh: {
    notFound: '找不到这份报告（可能已被删除）',
    bad: '无法打开分享的报告：',
    none: '没有可显示的报告',
    partial: '分享卡片只包含摘要和失败项',
  },
  en: {
    notFound: 'This report was not found (it may have been deleted)',
    bad: 'Cannot open the shared report: ',
    none: 'No report to show',
    partial: 'The shared card holds only the summary and failing rows',
  },
}

/** This page's own path ('/' + route), so a card shared from here opens here, wherever the host put it. */
function currentPage(page: unknown): string {
  const route = (page as { route?: string }).route
  return typeof route === 'string' && route !== '' ? `/${route}` : '/pages/report/index'
}

// The report being shown, kept off `data` (only its view is rendered), and the card it came in, if any:
// a shared card is passed on as it came, so a partial card keeps its full counts.
const shown = new WeakMap<object, { report: Report; path?: string }>()

/**
 * Shows one report: `?id=` a saved run from the history, or `?r=` a report shared in a chat card. A shared
 * payload is validated before anything renders; everything renders as plain text.
 */
Component({
  data: { error: '', note: '', view: null as ReportView | null },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const lang = wechatLang(wx)
      const t = TEXT[lang]
      if (typeof query.r === 'string' && query.r !== '') {
        const decoded = decodeShare(`r=${query.r}`)
        if (!decoded.ok) {
          this.setData({ error: `${t.bad}${decoded.error}`, view: null })
          return
        }
        // Passed on as it came, to this same page (wherever the host put it, e.g. a subpackage).
        shown.set(this, { report: decoded.report, path: `${currentPage(this)}?r=${query.r}` })
        this.setData({
          error: '',
          note: decoded.complete ? '' : t.partial,
          view: buildReportView(decoded.report, lang, decoded.summary),
        })
        return
      }
      const id = typeof query.id === 'string' ? decodeURIComponent(query.id) : ''
      const report = id ? new History(wx).get(id) : undefined
      if (!report) {
        this.setData({ error: id ? t.notFound : t.none, view: null })
        return
      }
      shown.set(this, { report })
      this.setData({ error: '', note: '', view: buildReportView(report, lang) })
    },
    onShareAppMessage() {
      const entry = shown.get(this)
      const fallback = { title: 'ZIM 网络检测', path: '/pages/netcheck/index' }
      if (!entry) return fallback
      try {
        return {
          title: `ZIM 网络检测 · SDK ${entry.report.sdk.resolved}`,
          path: entry.path ?? shareCard(entry.report, currentPage(this)).path,
        }
      } catch {
        return fallback
      }
    },
  },
})
