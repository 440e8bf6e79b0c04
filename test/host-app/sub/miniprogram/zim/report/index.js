Page({
  data: { r: '', id: '' },
  onLoad(q) {
    this.setData({ r: q.r || '', id: q.id ? decodeURIComponent(q.id) : '' })
  },
  onShareAppMessage() {
    return this.selectComponent('#rv').shareMessage()
  },
})
