const { shareCard } = require('zim-netcheck/share')

Page({
  onReport(e) {
    this.report = e.detail.report
  },
  onShareAppMessage() {
    return this.report ? shareCard(this.report) : { title: 'ZIM 网络检测', path: '/pages/index/index' }
  },
})
