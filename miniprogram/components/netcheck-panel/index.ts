import { reaction } from 'mobx-miniprogram'
import type { Report } from '../../core/report/model'
import { documentedRanges } from '../../core/resolver'
import { parseCategoryList } from '../../core/plan'
import { CATEGORIES, Category } from '../../core/vocabulary'
import { readEnvironment, readNetwork } from '../../platform/wx-environment'
import { History } from '../../platform/history'
import { loadCatalog, WxRequestApi } from '../../platform/catalog-fetch'
import {
  copyReportText,
  copyText,
  shareReportFile,
  ShareOutcome,
  WxShareApi,
} from '../../platform/send-report'
import { createWxAdapter } from '../../platform/wx-adapter'
import { applyCollector, SendRuntime, sendSupport, showSupport } from './send'
import { RunStore } from '../../store/run-store'
import { langFromWechat } from '../../core/text'
import { words } from '../../store/view-model'
import { ViewSync } from '../../store/view-sync'
import { categoryChips, panelData, rangeLabels, rowCopyText, TIMEOUTS_MS } from '../../store/panel-data'
import { followApp } from '../../platform/app-events'
import { count, flag } from './props'

/** The card page by default (see platform/share-card.ts, not imported here: it brings the encoder). */
const DEFAULT_SHARE_PAGE = '/pages/report/index'

/** What one panel instance holds outside `data` (nothing here is rendered directly). */
interface Runtime extends SendRuntime {
  store: RunStore
  sync: ViewSync<Record<string, unknown>>
  release: (() => void)[]
  /** Background is followed through wx.onAppHide/onAppShow; else through the page's hide/show. */
  appLevel: boolean
  /** The latest `catalog` load (an earlier one that answers late is ignored). */
  catalogLoad?: object
}

// Per-instance runtime, kept out of `data` (never rendered) and off the instance's typed surface.
const runtimes = new WeakMap<object, Runtime>()

/**
 * The whole diagnostic UI (this file's one job: the component's properties, lifetimes and user events; what it
 * shows comes from store/panel-data.ts, the app's events from platform/app-events.ts). Embeddable: a host
 * mini-program adds it to a page of its own, because the whitelist is per appid and only a run inside that app
 * proves it.
 * Events: `report` ({report, sharePage}) when a run finishes — build the card with
 * `shareCard(report, sharePage)` (platform/share-card.ts) — and `history` when the user asks for the history.
 *
 * Background: WeChat interrupts requests still running 5 s after the app goes to the background and refuses
 * new ones until it returns (framework/ability/network). The panel listens to wx.onAppHide / wx.onAppShow
 * (base library 2.1.2+, removed with offAppHide/offAppShow on detach; a component can use them, unlike
 * App.onHide) and pauses the run: nothing new starts, interrupted probes run again on return. Where those
 * APIs are missing, the page's own hide/show stand in. A page hidden by navigation (the app still in front)
 * only stops the view updates.
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
    /** Start a run when attached. Untyped: "false" from a static attribute is false (props.ts). */
    autostart: { type: null, value: false },
    /** zh or en; empty follows WeChat's language. */
    lang: { type: String, value: '' },
    /**
     * WebSockets the host app holds open itself (e.g. a connected ZIM SDK), 0–5: they count against WeChat's
     * 5, so the panel probes with what is left. Also found out at run time when the platform refuses sockets.
     */
    hostSockets: { type: Number, value: 0 },
    /**
     * Request slots to leave to the host app during a run, 0–10: WeChat runs 10 request + uploadFile +
     * downloadFile tasks at once, and the panel would take them all, so a request the host makes mid-run would
     * be refused ("exceed max task count"). The panel probes with the platform's limit minus these.
     */
    hostRequests: { type: Number, value: 0 },
    /**
     * At the start of each run, measure whether the whitelist is enforced: one HEAD request and one socket to a
     * random name under example.com (RFC 2606: no app can list it, it resolves nowhere). false for hosts that
     * forbid any request outside their list: then it is inferred from the environment, as before.
     */
    canary: { type: null, value: true },
    /** Page a share card opens, e.g. `/debug/netcheck/report` for a subpackage; it must show the `?r=` report. */
    sharePath: { type: String, value: DEFAULT_SHARE_PAGE },
    /**
     * Another domain table: a catalog JSON object (`zim-netcheck catalog import`), or the https URL the host app
     * serves it at (whitelisted under request 合法域名). Refused or unreachable: the built-in table, with a note.
     */
    catalog: { type: null, value: '' },
    /** The app's own domains, e.g. `request:https://api.example.com,socket:wss://im.example.com` (or a list). */
    extra: { type: null, value: '' },
    /**
     * Where "发送给技术支持 / Send to support" posts the report: `{url, key}` (a collector's https URL and the
     * app's ingest key) or that object as JSON text. Its domain is probed as a request domain of the app's own.
     */
    collector: { type: null, value: '' },
  },
  data: {
    t: words('zh'),
    ranges: rangeLabels(),
    setup: [] as string[],
    timeoutOptions: TIMEOUTS_MS.map((ms) => `${ms / 1000} s`),
    timeoutIndex: 1,
    categories: categoryChips([...CATEGORIES]),
    tab: 'results',
    expandedId: '',
    /** Categories whose passing rows the user unfolded (a finished run folds them). */
    open: {} as Record<string, boolean>,
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
      causes: [],
      ready: [],
      hasFailed: false,
      missing: [],
      notices: [],
      paused: false,
    },
    env: { rows: [], notEnforced: false, notEnforcedTitle: '', notEnforcedText: '' },
    wl: { blocks: [], allText: '' },
    /** Send to support (./send.ts): shown when `collector` is set; `error` when it is wrong. */
    send: {
      on: false,
      error: '',
      action: '',
      what: '',
      note: '',
      blocked: false,
      off: false,
      state: '',
      line: '',
    },
  },
  lifetimes: {
    attached() {
      const history = new History(wx)
      const store = new RunStore({
        createAdapter: () => createWxAdapter(wx),
        onReport: (report: Report) => {
          // Never after detach (the store reports nothing once disposed; this holds whatever it does).
          if (runtimes.get(this)?.store !== store) return
          history.save(report)
          showSupport(this, runtimes.get(this)!, report)
          this.triggerEvent('report', { report, sharePage: this.sharePage(), lang: store.lang })
        },
      })
      const sync = new ViewSync<Record<string, unknown>>(
        () => panelData(store),
        (patch) => this.setData(patch),
      )
      const stopReaction = reaction(
        () => store.revision,
        () => sync.schedule(),
      )
      // The network type as it changes, and background handling with the app-level events where the base
      // library has them (2.1.2+); else the page's hide/show stand in.
      const release = [stopReaction, () => sync.dispose()]
      const appLevel = followApp(
        wx,
        release,
        (networkType) => store.setEnvironment({ ...store.environment, networkType }),
        () => store.pause(),
        () => store.resume(),
      )
      runtimes.set(this, { store, sync, release, appLevel })

      const env = readEnvironment(wx)
      store.setEnvironment(env)
      store.setLang(
        this.data.lang === 'en' || this.data.lang === 'zh' ? this.data.lang : langFromWechat(env.language),
      )
      readNetwork(wx).then((net) => store.setEnvironment({ ...store.environment, ...net }))
      this.applyProperties()
      this.applyCatalog()
      sync.flush()
      if (flag(this.data.autostart, false)) this.onStart()
    },
    detached() {
      const rt = runtimes.get(this)
      if (!rt) return
      // Cancel first: every task and socket is released before the view sync goes.
      rt.store.dispose()
      rt.sender?.stop()
      rt.release.forEach((f) => f())
      runtimes.delete(this)
    },
  },
  pageLifetimes: {
    show() {
      const rt = runtimes.get(this)
      if (!rt) return
      if (!rt.appLevel) rt.store.resume()
      rt.sync.resume()
    },
    hide() {
      // No setData while hidden; the view catches up on show.
      const rt = runtimes.get(this)
      if (!rt) return
      if (!rt.appLevel) rt.store.pause()
      rt.sync.pause()
    },
  },
  observers: {
    'sdk, only, timeout, lang, hostSockets, hostRequests, extra, canary, collector'() {
      if (runtimes.has(this)) this.applyProperties()
    },
    catalog() {
      if (runtimes.has(this)) this.applyCatalog()
    },
  },
  methods: {
    rt(): Runtime | undefined {
      return runtimes.get(this)
    },
    /**
     * A user's change to the store, shown at once: the view sync sends what changed now rather than at its
     * next batch (which paces the engine's stream of results).
     */
    act(change: (store: RunStore) => unknown) {
      const rt = this.rt()
      if (!rt) return
      change(rt.store)
      rt.sync.flush()
    },
    applyProperties() {
      const rt = this.rt()
      if (!rt || rt.store.phase === 'running') return
      const only = this.data.only ? parseCategoryList(String(this.data.only)) : undefined
      // A bad `only` (from a link's ?only=) is said, not silently widened to all categories.
      this.setData({ onlyError: only && !only.ok ? only.error : '' })
      this.act((store) => {
        store.setSdk(String(this.data.sdk ?? ''))
        store.setOnly(only && only.ok ? only.categories : [...CATEGORIES])
        store.setTimeoutMs(count(this.data.timeout, NaN))
        store.setHostSockets(count(this.data.hostSockets, 0))
        store.setHostRequests(count(this.data.hostRequests, 0))
        store.setCanary(flag(this.data.canary, true))
        if (this.data.lang === 'en' || this.data.lang === 'zh') store.setLang(this.data.lang)
        // The collector's domain joins the app's own, so the run says whether it is whitelisted.
        store.setExtras(applyCollector(this, rt, this.data.extra))
      })
    },
    /** The `catalog` property: none (built-in), an object, or a URL fetched now; a refusal falls back with a note. */
    applyCatalog() {
      const rt = this.rt()
      const value = this.data.catalog
      if (!rt) return
      const load = (rt.catalogLoad = {})
      this.act((s) => s.setCatalog(value === '' || value == null ? undefined : 'loading'))
      if (rt.store.catalog)
        loadCatalog(wx as unknown as WxRequestApi, value).then((res) => {
          if (rt.catalogLoad !== load || this.rt() !== rt) return
          this.act((s) => s.setCatalog(res))
          // Autostart waited for the table (the store starts no run while it loads).
          if (flag(this.data.autostart, false) && rt.store.phase === 'idle') this.onStart()
        })
    },
    onSdkInput(e: WechatMiniprogram.Input) {
      this.act((store) => store.setSdk(e.detail.value))
    },
    onPickRange(e: WechatMiniprogram.PickerChange) {
      const range = documentedRanges(this.rt()?.store.imported()?.entries)[Number(e.detail.value)]
      if (range) this.act((store) => store.setSdk(range.min))
    },
    onPickTimeout(e: WechatMiniprogram.PickerChange) {
      this.act((store) => store.setTimeoutMs(TIMEOUTS_MS[Number(e.detail.value)]))
    },
    onToggleCategory(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as Category
      this.act((store) => {
        if (store.phase === 'running') return
        const only = store.only.includes(id) ? store.only.filter((c) => c !== id) : [...store.only, id]
        if (only.length > 0) store.setOnly(only)
      })
    },
    /** A new run (all, the failed ones, one row): what the last run's share and copy said is gone. */
    fresh() {
      this.setData({
        copyError: '',
        shareMessage: '',
        shareOk: true,
        'send.state': '',
        'send.line': '',
        'send.off': false,
      })
    },
    onStart() {
      this.setData({ expandedId: '', open: {}, tab: 'results' })
      this.fresh()
      this.act((store) => store.start())
    },
    onCancel() {
      this.act((store) => store.cancel())
    },
    onRerunFailed() {
      this.fresh()
      this.act((store) => store.rerunFailed())
    },
    onRetestRow(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id)
      this.fresh()
      this.act((store) => store.retest([id]))
    },
    /** One row as text: status, category, URL, latency, error and raw message, and when. */
    onCopyRow(e: WechatMiniprogram.TouchEvent) {
      const rt = this.rt()
      if (rt) this.copy(rowCopyText(rt.store, e.currentTarget.dataset.id))
    },
    onToggleGroup(e: WechatMiniprogram.TouchEvent) {
      const cat = String(e.currentTarget.dataset.cat)
      this.setData({ [`open.${cat}`]: !this.data.open[cat] })
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
    onSendSupport() {
      const rt = this.rt()
      if (rt?.store.report) sendSupport(this, rt)
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
    /** The page a share card should open (the `share-path` property, if it is a page path). */
    sharePage(): string {
      const page = this.data.sharePath
      return typeof page === 'string' && /^\/[^?#\s]+$/.test(page) ? page : DEFAULT_SHARE_PAGE
    },
    onHistory() {
      this.triggerEvent('history', {})
    },
    onCopy(e: WechatMiniprogram.TouchEvent) {
      this.copy(String(e.currentTarget.dataset.text ?? ''))
    },
    copy(text: string) {
      const lang = this.rt()?.store.lang ?? 'zh'
      if (!text) return
      // The same path and messages as "copy as text": errno 112 (not declared) and 104 (not agreed) differ.
      copyText(wx as unknown as WxShareApi, text, lang).then((o) =>
        this.setData({ copyError: o.ok ? '' : o.message }),
      )
    },
  },
})
