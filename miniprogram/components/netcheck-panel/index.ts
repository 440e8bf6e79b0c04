import { reaction } from 'mobx-miniprogram'
import { createStoreBindings } from 'mobx-miniprogram-bindings'
import { Report } from '../../core/report'
import { documentedRanges } from '../../core/resolver'
import { parseCategoryList } from '../../core/plan'
import { CATEGORIES, Category } from '../../core/types'
import { readEnvironment, readNetwork } from '../../platform/environment'
import { History } from '../../platform/history'
import { copyReportText, shareReportFile, ShareOutcome, WxShareApi } from '../../platform/share'
import { createWxAdapter } from '../../platform/wx-adapter'
import { RunStore } from '../../store/run-store'
import { langFromWechat, STRINGS } from '../../store/strings'
import { buildEnvView, buildRunView, buildWhitelistView } from '../../store/view-model'
import { ViewSync } from '../../store/view-sync'

const TIMEOUTS_MS = [5_000, 10_000, 20_000, 30_000]

/** What one panel instance holds outside `data` (nothing here is rendered directly). */
interface Runtime {
  store: RunStore
  sync: ViewSync<Record<string, unknown>>
  release: (() => void)[]
}

// Per-instance runtime, kept out of `data` (never rendered) and off the instance's typed surface.
const runtimes = new WeakMap<object, Runtime>()

function rangeLabels(): string[] {
  return documentedRanges().map((r) => r.written)
}

function categoryChips(only: Category[]) {
  return CATEGORIES.map((id) => ({ id, on: only.includes(id) }))
}

/**
 * The whole diagnostic UI. Embeddable: a host mini-program adds it to a page of its own, because the
 * whitelist is per appid and only a run inside that app proves it.
 * Events: `report` ({report}) when a run finishes, `history` when the user asks for the run history.
 */
Component({
  options: { styleIsolation: 'isolated', pureDataPattern: /^_/ },
  properties: {
    /** SDK version: x.y.z, latest or all. */
    sdk: { type: String, value: 'latest' },
    /** Categories to probe, comma separated; empty for all four. */
    only: { type: String, value: '' },
    /** Per-probe timeout in ms. */
    timeout: { type: Number, value: 10_000 },
    autostart: { type: Boolean, value: false },
    /** zh or en; empty follows WeChat's language. */
    lang: { type: String, value: '' },
  },
  data: {
    t: STRINGS.zh,
    ranges: rangeLabels(),
    timeoutOptions: TIMEOUTS_MS.map((ms) => `${ms / 1000} s`),
    timeoutIndex: 1,
    categories: categoryChips([...CATEGORIES]),
    tab: 'results',
    expandedId: '',
    copyError: '',
    shareMessage: '',
    onlyError: '',
    shareOk: true,
    sdkInput: 'latest',
    phase: 'idle',
    inputError: '',
    run: {
      progress: { done: 0, total: 0, percent: 0 },
      verdict: '',
      tone: '',
      groups: [],
      hasFailed: false,
      missing: [],
    },
    env: { rows: [], notEnforced: false, notEnforcedText: '' },
    wl: { blocks: [], allText: '' },
  },
  lifetimes: {
    attached() {
      const history = new History(wx)
      const store = new RunStore({
        createAdapter: () => createWxAdapter(wx),
        onReport: (report: Report) => {
          history.save(report)
          this.triggerEvent('report', { report })
        },
      })
      const sync = new ViewSync<Record<string, unknown>>(
        () => ({
          run: buildRunView(store),
          env: buildEnvView(store),
          wl: buildWhitelistView(store),
          t: STRINGS[store.lang],
        }),
        (patch) => this.setData(patch),
      )
      const bindings = createStoreBindings(this, {
        store,
        fields: ['sdkInput', 'phase', 'inputError'],
        actions: [],
      })
      const stopReaction = reaction(
        () => store.revision,
        () => sync.schedule(),
      )
      // on/off take differently typed callbacks in the typings; one function serves both.
      const onNetwork = (res: { networkType?: string }) => {
        if (res && res.networkType)
          store.setEnvironment({ ...store.environment, networkType: res.networkType })
      }
      const release = [() => bindings.destroyStoreBindings(), stopReaction, () => sync.dispose()]
      if (typeof wx.onNetworkStatusChange === 'function') {
        wx.onNetworkStatusChange(onNetwork as WechatMiniprogram.OnNetworkStatusChangeCallback)
        release.push(() =>
          wx.offNetworkStatusChange?.(onNetwork as WechatMiniprogram.OffNetworkStatusChangeCallback),
        )
      }
      runtimes.set(this, { store, sync, release })

      const env = readEnvironment(wx)
      store.setEnvironment(env)
      store.setLang(
        this.data.lang === 'en' || this.data.lang === 'zh' ? this.data.lang : langFromWechat(env.language),
      )
      readNetwork(wx).then((net) => store.setEnvironment({ ...store.environment, ...net }))
      this.applyProperties()
      sync.flush()
      if (this.data.autostart) this.onStart()
    },
    detached() {
      const rt = runtimes.get(this)
      if (!rt) return
      // Cancel first: every task and socket is released before the bindings go.
      rt.store.dispose()
      rt.release.forEach((f) => f())
      runtimes.delete(this)
    },
  },
  pageLifetimes: {
    show() {
      runtimes.get(this)?.sync.resume()
    },
    hide() {
      // No setData while hidden; the run goes on and the view catches up on show.
      runtimes.get(this)?.sync.pause()
    },
  },
  observers: {
    'sdk, only, timeout, lang'() {
      if (runtimes.has(this)) this.applyProperties()
    },
  },
  methods: {
    rt(): Runtime | undefined {
      return runtimes.get(this)
    },
    applyProperties() {
      const rt = this.rt()
      if (!rt || rt.store.phase === 'running') return
      const { store } = rt
      store.setSdk(String(this.data.sdk ?? ''))
      const only = this.data.only ? parseCategoryList(String(this.data.only)) : undefined
      store.setOnly(only && only.ok ? only.categories : [...CATEGORIES])
      // A bad `only` (from a link's ?only=) is said, not silently widened to all categories.
      this.setData({ onlyError: only && !only.ok ? only.error : '' })
      store.setTimeoutMs(Number(this.data.timeout))
      if (this.data.lang === 'en' || this.data.lang === 'zh') store.setLang(this.data.lang)
      const timeoutIndex = TIMEOUTS_MS.indexOf(store.timeoutMs)
      this.setData({
        categories: categoryChips(store.only),
        timeoutIndex: timeoutIndex >= 0 ? timeoutIndex : 1,
      })
    },
    onSdkInput(e: WechatMiniprogram.Input) {
      this.rt()?.store.setSdk(e.detail.value)
    },
    onPickRange(e: WechatMiniprogram.PickerChange) {
      const range = documentedRanges()[Number(e.detail.value)]
      if (range) this.rt()?.store.setSdk(range.min)
    },
    onPickTimeout(e: WechatMiniprogram.PickerChange) {
      const index = Number(e.detail.value)
      this.rt()?.store.setTimeoutMs(TIMEOUTS_MS[index])
      this.setData({ timeoutIndex: index })
    },
    onToggleCategory(e: WechatMiniprogram.TouchEvent) {
      const rt = this.rt()
      if (!rt || rt.store.phase === 'running') return
      const id = e.currentTarget.dataset.id as Category
      const only = rt.store.only.includes(id) ? rt.store.only.filter((c) => c !== id) : [...rt.store.only, id]
      if (only.length === 0) return
      rt.store.setOnly(only)
      this.setData({ categories: categoryChips(rt.store.only) })
    },
    onStart() {
      const rt = this.rt()
      if (!rt) return
      this.setData({ expandedId: '', copyError: '', shareMessage: '', tab: 'results' })
      rt.store.start()
    },
    onCancel() {
      this.rt()?.store.cancel()
    },
    onRerunFailed() {
      this.rt()?.store.rerunFailed()
    },
    onToggleRow(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id)
      this.setData({ expandedId: this.data.expandedId === id ? '' : id })
    },
    onTab(e: WechatMiniprogram.TouchEvent) {
      this.setData({ tab: String(e.currentTarget.dataset.tab) })
    },
    showShare(outcome: ShareOutcome) {
      this.setData({ shareMessage: outcome.message, shareOk: outcome.ok })
    },
    onCopyReport() {
      const rt = this.rt()
      if (!rt?.store.report) return
      copyReportText(wx as unknown as WxShareApi, rt.store.report, rt.store.lang).then((o) =>
        this.showShare(o),
      )
    },
    onSendFile() {
      const rt = this.rt()
      if (!rt?.store.report) return
      shareReportFile(wx as unknown as WxShareApi, rt.store.report, rt.store.lang).then((o) =>
        this.showShare(o),
      )
    },
    /** The finished run's report (for a host page's onShareAppMessage). */
    getReport(): Report | undefined {
      return this.rt()?.store.report
    },
    onHistory() {
      this.triggerEvent('history', {})
    },
    onCopy(e: WechatMiniprogram.TouchEvent) {
      const text = String(e.currentTarget.dataset.text ?? '')
      const t = STRINGS[this.rt()?.store.lang ?? 'zh']
      if (!text) return
      wx.setClipboardData({
        data: text,
        success: () => this.setData({ copyError: '' }),
        fail: (err: WechatMiniprogram.GeneralCallbackResult & { errno?: number }) =>
          this.setData({
            copyError: `${t.copyFailed}: ${err.errMsg}${err.errno !== undefined ? ` (errno ${err.errno})` : ''}`,
          }),
      })
    },
  },
})
