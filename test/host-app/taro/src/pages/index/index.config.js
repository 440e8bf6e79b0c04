export default {
  navigationBarTitleText: '网络检测',
  usingComponents: { 'netcheck-panel': '../../components/zim-netcheck/netcheck-panel/index' },
}
