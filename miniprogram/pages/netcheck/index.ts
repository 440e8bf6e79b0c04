import { Report } from '../../core/report'
import { shareTitle } from '../../core/share-title'
import { Lang } from '../../core/vocabulary'
import { shareCard } from '../../package/share'

/** Reads one query value; pages get them URL-encoded when opened from a link or a mini-program code. */
function queryValue(query: Record<string, string | undefined>, key: string): string {
  const raw = query[key]
  if (typeof raw !== 'string') return ''
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

// The last finished run of this page and its share card (the panel's `share-path`), kept off `data`.
const lastReport = new WeakMap<object, { report: Report; page?: string; lang?: Lang }>()

// Hosts the panel. `?sdk=2.13.0&only=socket,request&autostart=1` opens it pre-filled, so support can send a
// link or a mini-program code. Sharing a finished run sends its report inside the card's path.
Component({
  data: { ready: false, sdk: 'latest', only: '', autostart: false },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const sdk = queryValue(query, 'sdk')
      this.setData({
        sdk: sdk || 'latest',
        only: queryValue(query, 'only'),
        autostart: queryValue(query, 'autostart') === '1',
        ready: true,
      })
    },
    onReport(e: WechatMiniprogram.CustomEvent<{ report: Report; sharePage?: string; lang?: Lang }>) {
      if (e.detail && e.detail.report)
        lastReport.set(this, { report: e.detail.report, page: e.detail.sharePage, lang: e.detail.lang })
    },
    onHistory() {
      wx.navigateTo({ url: '/pages/history/index' })
    },
    onShareAppMessage() {
      const last = lastReport.get(this)
      if (!last) return { title: shareTitle(undefined, 'zh'), path: '/pages/netcheck/index' }
      return shareCard(last.report, last.page, last.lang)
    },
  },
})
