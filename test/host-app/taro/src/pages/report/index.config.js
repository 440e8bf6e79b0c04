export default {
  navigationBarTitleText: '检测报告',
  usingComponents: { 'report-view': '../../components/zim-netcheck/report-view/index' },
}
