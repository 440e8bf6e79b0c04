Page({
  onReport(e) {
    this.report = e.detail.report
  },
})
