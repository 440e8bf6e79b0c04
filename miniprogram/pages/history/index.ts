import { formatLocalTime } from '../../core/format'
import { fill, HISTORY_TEXT } from '../../core/text'
import { History } from '../../platform/history'
import { removeStored } from '../../platform/history-report'
import { wechatLang } from '../../platform/wx-environment'

// The last 20 runs, newest first: open one in the report viewer, or delete it.
Component({
  data: {
    t: { empty: '', remove: '' },
    items: [] as { id: string; sdk: string; when: string; counts: string; tone: string }[],
  },
  methods: {
    onShow() {
      this.refresh()
    },
    refresh() {
      const text = HISTORY_TEXT[wechatLang(wx)]
      const items = new History(wx).list().map((i) => ({
        id: i.id,
        sdk: i.sdk,
        // The local time with its zone, to the minute: a list row has room for the date and time only.
        when: formatLocalTime(i.createdAt, undefined, false),
        counts: fill(text.counts, i.summary as unknown as Record<string, number>),
        // Not summaryTone: the list marks failed runs only; warnings show in the counts beside it.
        tone: i.summary.fail > 0 ? 'fail' : 'ok',
      }))
      this.setData({ t: { empty: text.empty, remove: text.remove }, items })
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({
        url: `/pages/report/index?id=${encodeURIComponent(String(e.currentTarget.dataset.id))}`,
      })
    },
    onDelete(e: WechatMiniprogram.TouchEvent) {
      removeStored(wx, String(e.currentTarget.dataset.id))
      this.refresh()
    },
  },
})
