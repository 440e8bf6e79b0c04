import { History } from '../../platform/history'
import { langFromWechat } from '../../store/strings'
import { buildReportView, ReportView } from '../../store/view-model'

function uiLang() {
  try {
    return langFromWechat(wx.getAppBaseInfo().language)
  } catch {
    return 'zh' as const
  }
}

// Shows one report: `?id=` a saved run from the history. Everything renders as plain text.
Component({
  data: { error: '', view: null as ReportView | null },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const lang = uiLang()
      const id = typeof query.id === 'string' ? decodeURIComponent(query.id) : ''
      const report = id ? new History(wx).get(id) : undefined
      if (!report) {
        this.setData({
          error:
            lang === 'zh'
              ? '找不到这份报告（可能已被删除）'
              : 'This report was not found (it may have been deleted)',
          view: null,
        })
        return
      }
      this.setData({ error: '', view: buildReportView(report, lang) })
    },
  },
})
