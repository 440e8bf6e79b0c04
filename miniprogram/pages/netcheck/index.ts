import { CatalogEntry } from '../../core/catalog'
import { formatResolveMessage } from '../../core/messages'
import { resolveDomains } from '../../core/resolver'

// Until the panel lands this page lists the domains the SDK version needs.
Component({
  data: {
    sdk: 'latest',
    resolved: '',
    error: '',
    rows: [] as Pick<CatalogEntry, 'id' | 'category' | 'url' | 'purpose'>[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.show(query.sdk ? decodeURIComponent(query.sdk) : 'latest')
    },
    show(sdk: string) {
      const res = resolveDomains(sdk)
      if (!res.ok) {
        this.setData({ sdk, error: formatResolveMessage(res.error, 'zh'), rows: [], resolved: '' })
        return
      }
      this.setData({
        sdk,
        error: '',
        resolved: res.resolved,
        rows: res.entries.map(({ id, category, url, purpose }) => ({ id, category, url, purpose })),
      })
    },
  },
})
