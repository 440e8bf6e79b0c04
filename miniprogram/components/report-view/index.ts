import { Report } from '../../core/report'
import { decodeShare } from '../../core/share'
import { shareTitle } from '../../core/share-title'
import { REPORT_VIEW_TEXT } from '../../core/text-view'
import { Lang } from '../../core/vocabulary'
import { storedReport } from '../../platform/history-report'
import { DEFAULT_SHARE_PAGE, shareCard, validSharePage } from '../../platform/share-card'
import { copyReportText, copyText, ShareOutcome, WxShareApi } from '../../platform/send-report'
import { wechatLang } from '../../platform/wx-environment'
import { buildReportView, ReportView } from '../../store/report-view-model'
import { words } from '../../store/view-model'

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
    /** The page holding the panel: "retest on my phone" opens it with the report's `sdk` and `only`. */
    panelPage: { type: String, value: '/pages/netcheck/index' },
  },
  data: {
    error: '',
    note: '',
    view: null as ReportView | null,
    t: words('zh'),
    open: {} as Record<string, boolean>,
    message: '',
    messageOk: true,
  },
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
      this.setData({ t: words(lang), open: {}, message: '' })
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
      const report = id ? storedReport(wx, id) : undefined
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
      const lang = this.viewLang()
      const fallback = { title: shareTitle(undefined, lang), path: page }
      if (!entry) return fallback
      try {
        return {
          title: shareTitle(entry.report, lang),
          // A card is passed on as it came (a partial card keeps its full counts); a saved run is encoded.
          path: entry.payload ? `${page}?r=${entry.payload}` : shareCard(entry.report, page).path,
        }
      } catch {
        return fallback
      }
    },
    say(o: ShareOutcome) {
      this.setData({ message: o.message, messageOk: o.ok })
    },
    /** The report as text, as the panel copies it (local time on top). */
    onCopyText() {
      const entry = shown.get(this)
      if (entry)
        copyReportText(wx as unknown as WxShareApi, entry.report, this.viewLang()).then((o) => this.say(o))
    },
    onCopy(e: WechatMiniprogram.TouchEvent) {
      copyText(wx as unknown as WxShareApi, String(e.currentTarget.dataset.text ?? ''), this.viewLang()).then(
        (o) => this.say(o),
      )
    },
    onToggleGroup(e: WechatMiniprogram.TouchEvent) {
      const cat = String(e.currentTarget.dataset.cat)
      this.setData({ [`open.${cat}`]: !this.data.open[cat] })
    },
    /** "Retest on my phone": the panel page with the same SDK version and categories as this report. */
    onRetest() {
      const entry = shown.get(this)
      if (!entry) return
      const p = this.data.panelPage
      const page = typeof p === 'string' && /^\/[^?#\s]+$/.test(p) ? p : '/pages/netcheck/index'
      const only = entry.report.options.only
      const query = `sdk=${encodeURIComponent(entry.report.sdk.resolved || entry.report.sdk.input)}${
        only && only.length ? `&only=${encodeURIComponent(only.join(','))}` : ''
      }`
      wx.navigateTo({ url: `${page}?${query}` })
    },
  },
})
