// The panel's page, in the subpackage: zim-netcheck resolves to zim/miniprogram_npm (构建 npm into zim/).
const { shareCard } = require('zim-netcheck/share')

Page({
  data: { sdk: '' },
  onLoad(q) {
    this.setData({ sdk: q.sdk || 'latest' })
  },
  onReport(e) {
    this.report = e.detail.report
  },
  onShareAppMessage() {
    // The card opens the report page of the same subpackage.
    return this.report
      ? shareCard(this.report, '/zim/report/index')
      : { title: 'ZIM 网络检测', path: '/zim/netcheck/index' }
  },
})
