export default {
  pages: ['pages/index/index', 'pages/report/index'],
  window: { navigationBarTitleText: 'Taro host' },
}
