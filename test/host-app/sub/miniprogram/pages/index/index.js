// The host's own page, in the main package: it only links to the panel's page in the subpackage zim/.
Page({
  openNetcheck() {
    wx.navigateTo({ url: '/zim/netcheck/index?sdk=2.13.0' })
  },
})
