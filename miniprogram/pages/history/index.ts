import { History } from '../../platform/history'
import { wechatLang } from '../../platform/wx-environment'

const TEXT = {
  zh: {
    empty: '还没有检测记录',
    remove: '删除',
    counts: (p: number, w: number, f: number, s: number) => `通过 ${p} · 警告 ${w} · 失败 ${f} · 跳过 ${s}`,
  },
  en: {
    empty: 'No runs yet',
    remove: 'Delete',
    counts: (p: number, w: number, f: number, s: number) =>
      `${p} pass · ${w} warn · ${f} fail · ${s} skipped`,
  },
}

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
      const text = TEXT[wechatLang(wx)]
      const items = new History(wx).list().map((i) => ({
        id: i.id,
        sdk: i.sdk,
        // To the minute, not formatCreatedAt: a list row has room for the date and time only.
        when: i.createdAt.replace('T', ' ').slice(0, 16),
        counts: text.counts(i.summary.pass, i.summary.warn, i.summary.fail, i.summary.skipped),
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
      new History(wx).remove(String(e.currentTarget.dataset.id))
      this.refresh()
    },
  },
})
