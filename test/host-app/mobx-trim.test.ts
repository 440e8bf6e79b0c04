import * as path from 'node:path'
import { buildHostApp, HostApp } from '../helpers/host-app'

// The package's own mobx.js, as WeChat's compiler outputs it for upload: mobx-miniprogram built from its sources
// without observable Map/Set, flow and arrays without Proxy (tools/build-dist.js MOBX_TRIMMED, issue 31). What the
// panel's store does with it works; what was left out stops with a line that names it, never a wrong answer.
// The first run on a machine installs miniprogram-ci (~40 s) and builds the host app (~30 s).
jest.setTimeout(300_000)

type Mobx = {
  action: unknown
  computed: unknown
  makeObservable: (target: object, annotations: Record<string, unknown>) => void
  observable: ((value: unknown) => unknown) & {
    ref: unknown
    shallow: unknown
    map: (v?: unknown) => unknown
    set: (v?: unknown) => unknown
    array: (v: unknown[], o?: { proxy?: boolean }) => unknown[]
    object: (v: object) => Record<string, unknown>
  }
  reaction: <T>(read: () => T, effect: (v: T) => void) => () => void
  runInAction: (fn: () => void) => void
}

let app: HostApp
let mobx: Mobx
beforeAll(() => {
  app = buildHostApp()
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  mobx = require(path.join(app.compiled, 'miniprogram_npm', 'zim-netcheck', 'mobx.js')) as Mobx
})

/** A store shaped as the panel's (store/run-store.ts): each annotation kind it uses. */
function makeStore(m: Mobx) {
  class Store {
    phase = 'idle'
    canary: unknown = false
    plan: string[] = []
    results: ({ id: string } | undefined)[] = []
    environment: Record<string, unknown> = { runtime: 'wechat' }
    constructor() {
      m.makeObservable(this, {
        phase: m.observable,
        canary: m.observable,
        plan: m.observable.ref,
        results: m.observable.shallow,
        environment: m.observable.ref,
        done: m.computed,
        start: m.action,
      })
    }
    get done() {
      return this.results.filter(Boolean).length
    }
    start(n: number) {
      this.plan = Array.from({ length: n }, (_, i) => `p${i}`)
      this.results = this.plan.map(() => undefined)
      this.phase = 'running'
    }
  }
  return new Store()
}

describe("the panel's mobx.js (mobx-miniprogram without what the panel never uses)", () => {
  it('exports the names the panel imports, and only those', () => {
    expect(Object.keys(mobx).sort()).toEqual([
      'action',
      'computed',
      'makeObservable',
      'observable',
      'reaction',
      'runInAction',
    ])
  })

  it("runs the store's annotations: observable, ref, shallow arrays, computed, action, reaction, runInAction", () => {
    const store = makeStore(mobx)
    const seen: string[] = []
    const stop = mobx.reaction(
      () => `${store.phase} ${store.done}/${store.results.length}`,
      (v) => seen.push(v),
    )
    store.start(3)
    mobx.runInAction(() => {
      store.results[0] = { id: 'p0' }
      store.results[2] = { id: 'p2' }
    })
    mobx.runInAction(() => {
      store.canary = { whitelist: { enforced: true, probes: ['a'] } }
    })
    // Deep: an object put into an `observable` field is itself observable, arrays inside it too.
    const canary = store.canary as { whitelist: { enforced: boolean; probes: string[] } }
    const inner: string[] = []
    const stopInner = mobx.reaction(
      () => canary.whitelist.probes.join(','),
      (v) => inner.push(v),
    )
    mobx.runInAction(() => canary.whitelist.probes.push('b'))
    stop()
    stopInner()
    mobx.runInAction(() => {
      store.phase = 'done'
    })
    expect(seen).toEqual(['running 0/3', 'running 2/3'])
    expect(inner).toEqual(['a,b'])
    expect(Array.isArray(store.results)).toBe(true)
  })

  it.each([
    ['observable.map()', (m: Mobx) => m.observable.map(), /no observable Map/],
    ['observable.set()', (m: Mobx) => m.observable.set(), /no observable Set/],
    [
      'a Map put into deep state',
      (m: Mobx) => m.observable.object({ m: new Map([[1, 2]]) }),
      /no observable Map/,
    ],
    ['a Set put into deep state', (m: Mobx) => m.observable(new Set([1])), /no observable Set/],
    [
      'a generator put into deep state (flow)',
      (m: Mobx) =>
        m.observable.object({
          *g() {
            yield 1
          },
        }),
      /no flow/,
    ],
    [
      'an array without Proxy',
      (m: Mobx) => m.observable.array([1], { proxy: false }),
      /no arrays without Proxy/,
    ],
  ])('%s stops with one line naming what this copy leaves out', (_what, use, message) => {
    let error: unknown
    try {
      use(mobx)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).toMatch(
      /^\[MobX\] zim-netcheck's mobx\.js has no .+ \(the panel uses none\)$/,
    )
  })
})
