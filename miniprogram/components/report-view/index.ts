import { Report } from '../../core/report'
import { decodeShare } from '../../core/share'
import { REPORT_VIEW_TEXT } from '../../core/text'
import { Lang } from '../../core/vocabulary'
import { History } from '../../platform/history'
import { DEFAULT_SHARE_PAGE, shareCard, validSharePage } from '../../platform/share-card'
import { wechatLang } from '../../platform/wx-environment'
import { buildReportView, ReportView } from '../../store/view-model'

const TEXT = REPORT_VIEW_TEXT

// The report being shown, kept off `data` (only its view is rendered), and the card it came in, if any:
// a shared card is passed on as it came, so a partial card keeps its full counts.
const shown = new WeakMap<object, { report: Report; payload?: string }>()

/**
 * Shows one report: `r` a report shared in a chat card (the page's `?r=`), or `report-id` a saved run from
 * the history (`?id=`). A shared payload is validated before anything renders; everything renders as plain
 * text. A host page wraps it (a page cannot come from npm) and forwards `onShareAppMessage` to
 * `shareMessage()`. `page` is the route of that host page, put in the card it shares.
 */
Component({
  options: { styleIsolation: 'isolated' },
  properties: {
    r: { type: String, value: '' },
    reportId: { type: String, value: '' },
    page: { type: String, value: DEFAULT_SHARE_PAGE },
    /** zh or en; empty follows WeChat's language. */
    lang: { type: String, value: '' },
  },
  data: { error: '', note: '', view: null as ReportView | null },
  observers: {
    'r, reportId, lang'() {
      this.load()
    },
  },
  methods: {
    viewLang(): Lang {
      const l = this.data.lang
      return l === 'en' || l === 'zh' ? l : wechatLang(wx)
    },
    load() {
      const lang = this.viewLang()
      const t = TEXT[lang]
      const r = String(this.data.r ?? '')
      if (r !== '') {
        const decoded = decodeShare(`r=${r}`)
        if (!decoded.ok) {
          shown.delete(this)
          this.setData({ error: `${t.bad}${decoded.error}`, note: '', view: null })
          return
        }
        shown.set(this, { report: decoded.report, payload: r })
        this.setData({
          error: '',
          note: decoded.complete ? '' : t.partial,
          view: buildReportView(decoded.report, lang, decoded.summary),
        })
        return
      }
      const id = String(this.data.reportId ?? '')
      const report = id ? new History(wx).get(id) : undefined
      if (!report) {
        shown.delete(this)
        this.setData({ error: id ? t.notFound : t.none, note: '', view: null })
        return
      }
      shown.set(this, { report })
      this.setData({ error: '', note: '', view: buildReportView(report, lang) })
    },
    /** What the host page's onShareAppMessage returns: the shown report inside the card's path. */
    shareMessage(): { title: string; path: string } {
      const entry = shown.get(this)
      const page = validSharePage(this.data.page)
      const fallback = { title: 'ZIM 网络检测', path: page }
      if (!entry) return fallback
      try {
        return {
          title: `ZIM 网络检测 · SDK ${entry.report.sdk.resolved}`,
          // A card is passed on as it came (a partial card keeps its full counts); a saved run is encoded.
          path: entry.payload ? `${page}?r=${entry.payload}` : shareCard(entry.report, page).path,
        }
      } catch {
        return fallback
      }
    },
  },
})
