import { action, computed, makeObservable, observable, runInAction } from 'mobx-miniprogram'
import { PlatformAdapter } from '../core/adapter'
import { CATALOG_INFO, CatalogEntry, CatalogInfo } from '../core/catalog'
import { LoadedCatalog } from '../core/catalog-json'
import { parseExtraDomains, withExtras } from '../core/extra-domains'
import { Clock, systemClock } from '../core/clock'
import { EngineOptions, LOCAL_STORAGE_CODE, ProbeEngine } from '../core/engine'
import { ProbeResult } from '../core/result'
import { canaryHost, canaryTargets, EnforcementRecord } from '../core/canary'
import { platformEnforcement, RunEnvironment, WhitelistEnforcement } from '../core/environment'
import { formatResolveMessage } from '../core/messages'
import { PlannedProbe, planProbes } from '../core/plan'
import type { Report } from '../core/report/model'
import { RunNotice } from './notices'
import { runReport } from './run-report'
import { setupNotes } from './setup-notes'
import { trackInFlight } from './tracked-adapter'
import { ResolveResult, resolveDomains } from '../core/resolver'
import { CATEGORIES, Category, Lang } from '../core/vocabulary'

export type Phase = 'idle' | 'running' | 'done'

export interface RunStoreDeps {
  /** A fresh platform adapter per run (the wx adapter in the app, a fake in tests). */
  createAdapter: () => PlatformAdapter
  clock?: Clock
  now?: () => Date
  engineOptions?: Partial<EngineOptions>
  /** Called with every finished run's report (history). */
  onReport?: (report: Report) => void
}

/**
 * One diagnosis run (the store's one job: a run's inputs and its lifecycle, from start to report): the inputs,
 * the plan, the results as they come and the verdict. Driven by the engine's events; the panel reads it
 * through one batched view sync. Beside it: store/run-report.ts builds the settled run's report,
 * store/tracked-adapter.ts tells it which probes are in flight, store/setup-notes.ts words the setup.
 */
export class RunStore {
  lang: Lang = 'zh'
  sdkInput = 'latest'
  only: Category[] = [...CATEGORIES]
  timeoutMs = 10_000
  /** WebSockets the host app holds open itself (e.g. a connected ZIM SDK): they count against the platform's 5. */
  hostSockets = 0
  /**
   * HTTP-like task slots (request + uploadFile + downloadFile) left to the host app during a run, so that its
   * own requests are not refused: the panel uses the platform's limit minus these (at least 1).
   */
  hostRequests = 0
  phase: Phase = 'idle'
  /** The run waits in the background. */
  paused = false
  /** Said once about the current run (host sockets, background, storage, deadline). */
  notices: RunNotice[] = []
  cancelled = false
  environment: RunEnvironment = { runtime: 'wechat' }
  plan: PlannedProbe[] = []
  results: (ProbeResult | undefined)[] = []
  /** Ids of the probes the platform is working on now (in flight); the others without a result wait. */
  inFlight: string[] = []
  /**
   * Measure whether the whitelist is enforced at the start of each run (core/canary.ts): one request and one
   * socket to a random name under example.com. The host's `canary` property; off for hosts that forbid any
   * request outside their list.
   */
  canary = false
  /** What the last run's canary measured (the run's enforcement and its record); undefined before one. */
  measured: { whitelist: WhitelistEnforcement; record: EnforcementRecord } | undefined = undefined
  /** The settled run's report, once there is one. */
  report: Report | undefined = undefined
  /** Bumped on every change the view shows; the panel schedules a view sync on it. */
  revision = 0
  /** The host's `catalog`: none (the built-in one), being fetched, loaded, or refused (then the built-in one). */
  catalog: LoadedCatalog | 'loading' | undefined = undefined
  /** The app's own domains as the host gave them (`request:https://…,socket:wss://…`, or a list of such). */
  extraInput: unknown = ''

  private engine: ProbeEngine | undefined
  /** The current engine's listeners, removed on dispose. */
  private engineOff: (() => void)[] = []
  /** Disposed (the panel left the page): a run still settling reports nothing and saves nothing. */
  private disposed = false
  /** The catalog the current run resolved in (the host may change it while the run goes on). */
  private runCatalog: CatalogInfo = CATALOG_INFO
  private readonly clock: Clock

  constructor(private readonly deps: RunStoreDeps) {
    this.clock = deps.clock ?? systemClock
    makeObservable<RunStore, 'touch'>(this, {
      lang: observable,
      sdkInput: observable,
      only: observable.ref,
      timeoutMs: observable,
      hostSockets: observable,
      hostRequests: observable,
      phase: observable,
      paused: observable,
      notices: observable.ref,
      cancelled: observable,
      environment: observable.ref,
      plan: observable.ref,
      results: observable.shallow,
      inFlight: observable.ref,
      report: observable.ref,
      canary: observable,
      measured: observable.ref,
      setCanary: action,
      revision: observable,
      catalog: observable.ref,
      extraInput: observable.ref,
      setCatalog: action,
      setExtras: action,
      resolution: computed,
      previewPlan: computed,
      inputError: computed,
      enforcement: computed,
      setLang: action,
      setSdk: action,
      setOnly: action,
      setTimeoutMs: action,
      setHostSockets: action,
      setHostRequests: action,
      pause: action,
      resume: action,
      setEnvironment: action,
      start: action,
      cancel: action,
      rerunFailed: action,
      retest: action,
      touch: action,
    })
  }

  /** The host's catalog when it loaded and passed validation. */
  imported(): { entries: CatalogEntry[]; info: CatalogInfo } | undefined {
    const c = this.catalog
    return typeof c === 'object' && c.ok ? c : undefined
  }

  get resolution(): ResolveResult {
    return resolveDomains(this.sdkInput, this.imported()?.entries)
  }

  /** The app's own domains, and one message per bad entry. */
  private extras(): ReturnType<typeof parseExtraDomains> {
    return parseExtraDomains(this.extraInput, this.lang)
  }

  /** The catalog rows of the version, then the app's own domains (probed, listed and shown with them). */
  targets(): CatalogEntry[] {
    const res = this.resolution
    return res.ok ? withExtras(res.entries, this.extras().entries) : []
  }

  /** Said under the version field: a loading, imported or refused catalog, the app's own domains, bad entries. */
  setupNotes(): string[] {
    return setupNotes(this.catalog, this.extras(), this.lang)
  }

  /** What a run would probe with the current inputs, shown before the first run. */
  get previewPlan(): PlannedProbe[] {
    return planProbes(this.targets(), this.only)
  }

  /** The resolver's message for an invalid version, in the UI language; '' when the input is fine. */
  get inputError(): string {
    const res = this.resolution
    return res.ok ? '' : formatResolveMessage(res.error, this.lang)
  }

  /** Per platform: WeChat/QQ by their debug/tourist rules, the others by build kind (core/platforms.ts). */
  get enforcement(): WhitelistEnforcement {
    return this.measured?.whitelist ?? platformEnforcement(this.environment)
  }

  setCanary(on: boolean): void {
    this.canary = on !== false
    this.touch()
  }

  get failedIds(): string[] {
    return this.results.filter((r) => r?.status === 'fail').map((r) => (r as ProbeResult).id)
  }

  /** The host's catalog: loading, loaded (validated), or refused. */
  setCatalog(state: LoadedCatalog | 'loading' | undefined): void {
    this.catalog = state
    if (this.phase === 'done') this.phase = 'idle'
    this.touch()
  }

  setExtras(input: unknown): void {
    this.extraInput = input
    this.touch()
  }

  setLang(lang: Lang): void {
    this.lang = lang
    this.touch()
  }

  setSdk(input: string): void {
    this.sdkInput = typeof input === 'string' ? input : ''
    if (this.phase === 'done') this.phase = 'idle'
    this.touch()
  }

  setOnly(categories: Category[]): void {
    this.only = CATEGORIES.filter((c) => categories.includes(c))
    this.touch()
  }

  setTimeoutMs(ms: number): void {
    if (Number.isFinite(ms) && ms >= 1000 && ms <= 60_000) this.timeoutMs = Math.round(ms)
    this.touch()
  }

  /** 0–5; anything else is ignored. */
  setHostSockets(n: number): void {
    if (Number.isInteger(n) && n >= 0 && n <= 5) this.hostSockets = n
    this.touch()
  }

  /** 0–10 (WeChat's limit, the largest of any platform's pool); anything else is ignored. */
  setHostRequests(n: number): void {
    if (Number.isInteger(n) && n >= 0 && n <= 10) this.hostRequests = n
    this.touch()
  }

  /** The app went to the background: the engine launches nothing more until resume(). */
  pause(): void {
    if (this.paused) return
    this.paused = true
    this.engine?.pause()
    this.touch()
  }

  resume(): void {
    if (!this.paused) return
    this.paused = false
    this.engine?.resume()
    this.touch()
  }

  setEnvironment(env: RunEnvironment): void {
    this.environment = env
    this.touch()
  }

  /** Starts a run over the resolved plan; resolves with the report, or undefined when the input is bad. */
  start(): Promise<Report | undefined> {
    const res = this.resolution
    if (!res.ok || this.phase === 'running' || this.catalog === 'loading') return Promise.resolve(undefined)
    this.plan = planProbes(this.targets(), this.only)
    this.runCatalog = this.imported()?.info ?? CATALOG_INFO
    this.results = this.plan.map(() => undefined)
    // A new run measures again (a retest keeps the measurement of the run it retests).
    this.measured = undefined
    return this.run((engine) => engine.start(), this.canary)
  }

  /**
   * Runs the failed probes again, keeping the rest of the results, with the timeout set now and only the
   * categories selected now (a failed row of a category switched off stays as it was).
   */
  rerunFailed(): Promise<Report | undefined> {
    const ids = this.failedIds.filter((id) => this.only.some((c) => id.startsWith(`${c}:`)))
    if (ids.length === 0 && this.phase === 'done') return Promise.resolve(this.report)
    return this.retest(ids)
  }

  /** Runs some probes of the finished run again (one row's "retest"), with the timeout set now. */
  retest(ids: readonly string[]): Promise<Report | undefined> {
    if (this.phase !== 'done' || this.plan.length === 0) return Promise.resolve(undefined)
    const wanted = this.plan.filter((p) => ids.includes(p.id)).map((p) => p.id)
    if (wanted.length === 0) return Promise.resolve(undefined)
    for (let i = 0; i < this.plan.length; i++)
      if (wanted.includes(this.plan[i].id)) this.results[i] = undefined
    return this.run((engine) => engine.rerun(wanted))
  }

  /** Stops the run; finished results stay, the rest are skipped; every task is released. */
  cancel(): void {
    this.engine?.cancel()
  }

  /**
   * Cancels any run quietly and forgets the engine (page unload, component detach): no result, notice or
   * report is heard afterwards, and `onReport` is not called for the cancelled run (history keeps finished
   * runs only).
   */
  dispose(): void {
    this.disposed = true
    this.engineOff.forEach((off) => off())
    this.engineOff = []
    this.engine?.cancel()
    this.engine = undefined
  }

  /** A fresh engine per run, retries included: it takes the timeout and host sockets set now. */
  private run(
    go: (engine: ProbeEngine) => Promise<ProbeResult[]>,
    canary = false,
  ): Promise<Report | undefined> {
    const options = this.deps.engineOptions ?? {}
    this.engine = new ProbeEngine(
      this.plan,
      trackInFlight(this.deps.createAdapter(), (id) => {
        if (!this.inFlight.includes(id))
          runInAction(() => {
            this.inFlight = [...this.inFlight, id]
            this.touch()
          })
      }),
      {
        growDeadline: true,
        ...options,
        timeoutMs: this.timeoutMs,
        hostTasks: {
          ...options.hostTasks,
          http: this.hostRequests || (options.hostTasks?.http ?? 0),
          socket: this.hostSockets,
        },
        ...(canary ? { canary: canaryTargets(canaryHost()) } : {}),
      },
      this.enforcement,
      this.clock,
    )
    this.engineOff = [
      this.engine.on('result', ({ result, index }) => runInAction(() => this.record(index, result))),
      this.engine.on('notice', (notice) => runInAction(() => this.addNotice(notice))),
      this.engine.on('canary', (m) =>
        runInAction(() => {
          this.measured = m
          this.touch()
        }),
      ),
    ]
    const engine = this.engine
    this.notices = []
    if (this.paused) engine.pause()
    this.phase = 'running'
    this.cancelled = false
    this.report = undefined
    this.touch()
    return go(engine).then((results) =>
      runInAction(() => {
        if (this.disposed) return undefined
        this.phase = 'done'
        this.inFlight = []
        this.cancelled = results.some((r) => r.status === 'skipped')
        // A refused catalog and bad entries of the app's own domains go into the report too.
        const c = this.catalog
        const setupWarnings = typeof c === 'object' && !c.ok ? [this.setupNotes()[0]] : []
        this.report = runReport(
          this,
          (this.deps.now ?? (() => new Date()))(),
          this.runCatalog,
          engine.options,
          setupWarnings.concat(this.extras().errors),
        )
        this.touch()
        try {
          this.deps.onReport?.(this.report)
        } catch {
          // Saving history must never break the page.
        }
        return this.report
      }),
    )
  }

  private record(index: number, result: ProbeResult): void {
    this.results[index] = result
    if (this.inFlight.includes(result.id)) this.inFlight = this.inFlight.filter((id) => id !== result.id)
    if (result.error?.code === LOCAL_STORAGE_CODE) this.addNotice({ kind: 'local_storage' })
    this.touch()
  }

  /** Each kind once per run (the latest figures win). */
  private addNotice(notice: RunNotice): void {
    this.notices = [...this.notices.filter((n) => n.kind !== notice.kind), notice]
    this.touch()
  }

  private touch(): void {
    this.revision++
  }
}
