// A thin wrapper, the same five lines a host app writes around the npm package's report-view: `?r=` a
// report shared in a chat card, `?id=` a saved run from the history.
Component({
  data: { r: '', id: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ r: query.r || '', id: query.id ? decodeURIComponent(query.id) : '' })
    },
    onShareAppMessage() {
      // null where a platform cannot find the view (Alipay before base library 2.8.0): its default card.
      const view = this.selectComponent('#rv')
      return view ? view.shareMessage() : {}
    },
  },
})
