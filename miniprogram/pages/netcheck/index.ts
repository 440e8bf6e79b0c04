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

// Hosts the panel. `?sdk=2.13.0&only=socket,request&autostart=1` opens it pre-filled, so support can send a
// link or a mini-program code.
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
    onHistory() {
      wx.navigateTo({ url: '/pages/history/index' })
    },
  },
})
