import { CATALOG } from '../../miniprogram/core/catalog'
import type { PlatformId } from '../../miniprogram/core/platforms'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { sentinelPlatform } from '../../miniprogram/sentinel/platforms'
import type { SentinelPlatform } from '../../miniprogram/sentinel/sentinel'
import { fakeSwanEnv, fakeTtEnv, MiniBehaviour } from '../helpers/fake-mini'
import { createFakeMy } from '../helpers/fake-my'
import { createFakeSwan } from '../helpers/fake-swan'
import { createFakeTt } from '../helpers/fake-tt'
import { createFakeWx, fakeEnvApi, ManualClock } from '../helpers/fake-wx'
import { createFakeXhs } from '../helpers/fake-xhs'

/**
 * One platform's fake (test/helpers/fake-*.ts) with what the sentinel uses besides the probes, in that
 * platform's shapes: storage (my: `{key, data}` → `{data}`), onAppHide / offAppHide, onNetworkStatusChange /
 * offNetworkStatusChange, getNetworkType (my: `networkAvailable`), and the collector behind request's POST
 * (my: `headers`, answer `status`). Every listener and socket is counted so a test can see what is left.
 */
export interface Rig {
  id: PlatformId
  clock: ManualClock
  /** The platform's global as the fake makes it (\`wx\`, \`my\`…): what a sentinel that detects its platform finds. */
  api: Record<string, unknown>
  platform: SentinelPlatform
  storage: Map<string, unknown>
  /** Listeners attached now, per registry. */
  listeners: () => { hide: number; network: number }
  hide(): void
  setOnline(online: boolean): void
  /** The collector: 'up' answers 202, 'down' fails as the platform fails offline. */
  collector: { mode: 'up' | 'down'; posts: { url: string; headers: Record<string, string>; body: string }[] }
  /** Probe calls (not the POSTs): kind and url. */
  probes: { kind: string; url: string }[]
  /** Sockets the sentinel has open now, and the most at once. */
  sockets: { live: number; max: number }
  /** Tasks of the fake still open. */
  open: () => number
}

type Api = Record<string, unknown>

const OK_WX = (kind: string) =>
  kind === 'socket'
    ? { kind: 'open' as const, delayMs: 20 }
    : { kind: 'success' as const, delayMs: 20, statusCode: 200 }
const OK_MINI = (kind: string): MiniBehaviour =>
  kind === 'socket' ? { kind: 'open', delayMs: 20 } : { kind: 'success', delayMs: 20, status: 200 }

/**
 * `wechat`: `domains`, the console's list the fake enforces (unset: none), and `enableDebug` for what the environment
 * infers.
 */
export function makeRig(id: PlatformId, o: { domains?: readonly string[]; enableDebug?: boolean } = {}): Rig {
  const clock = new ManualClock(Date.UTC(2026, 0, 10, 2, 0, 0))
  const my = id === 'alipay'
  const wxShaped = id === 'wechat' || id === 'qq'
  let fake: { open?: unknown; openTasks?: () => { total: number } }
  let env: Api
  switch (id) {
    case 'wechat':
    case 'qq': {
      const f = createFakeWx((c) => OK_WX(c.kind), { clock, domains: o.domains })
      fake = f
      env = fakeEnvApi('3.5.8', { enableDebug: o.enableDebug })
      break
    }
    case 'alipay':
      fake = createFakeMy((c) => OK_MINI(c.kind), { clock })
      env = {
        getSystemInfoSync: () => ({ platform: 'iOS', system: 'iOS 17', model: 'iPhone' }),
        SDKVersion: '2.9.0',
      }
      break
    case 'douyin':
      fake = createFakeTt((c) => OK_MINI(c.kind), { clock })
      env = fakeTtEnv('3.0.0')
      break
    case 'baidu':
      fake = createFakeSwan((c) => OK_MINI(c.kind), { clock })
      env = fakeSwanEnv('3.200.0')
      break
    case 'xhs':
      fake = createFakeXhs((c) => OK_MINI(c.kind), { clock })
      env = { getSystemInfoSync: () => ({ platform: 'ios', SDKVersion: '3.0.0' }) }
      break
  }
  const base = fake as unknown as Api
  const api = Object.create(base) as Api
  Object.assign(api, env)
  const storage = new Map<string, unknown>()
  const hideL = new Set<(r: unknown) => void>()
  const netL = new Set<(r: { isConnected: boolean }) => void>()
  let online = true
  const collector: Rig['collector'] = { mode: 'up', posts: [] }
  const probes: Rig['probes'] = []
  const sockets = { live: 0, max: 0 }
  // Storage, in the platform's shape; values are copied as the platforms' JSON storage does.
  const copy = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)))
  if (my) {
    api.getStorageSync = (o: { key: string }) => ({ data: copy(storage.get(o.key)) })
    api.setStorageSync = (o: { key: string; data: unknown }) => void storage.set(o.key, copy(o.data))
  } else {
    api.getStorageSync = (k: string) => copy(storage.get(k)) ?? ''
    api.setStorageSync = (k: string, v: unknown) => void storage.set(k, copy(v))
  }
  api.onAppHide = (l: (r: unknown) => void) => void hideL.add(l)
  api.offAppHide = (l: (r: unknown) => void) => void hideL.delete(l)
  api.onNetworkStatusChange = (l: (r: { isConnected: boolean }) => void) => void netL.add(l)
  api.offNetworkStatusChange = (l: (r: { isConnected: boolean }) => void) => void netL.delete(l)
  api.getNetworkType = (o: { success: (r: unknown) => void }) =>
    o.success(
      my
        ? { networkAvailable: online, networkType: online ? 'WIFI' : 'NOTREACHABLE' }
        : { networkType: online ? 'wifi' : 'none' },
    )
  const request = base.request as (o: Api) => unknown
  api.request = (o: Api) => {
    if (o.method !== 'POST') {
      probes.push({ kind: 'request', url: String(o.url) })
      return request(o)
    }
    const headers = (my ? o.headers : o.header) as Record<string, string>
    collector.posts.push({ url: String(o.url), headers: { ...headers }, body: String(o.data) })
    const up = online && collector.mode === 'up'
    clock.setTimeout(() => {
      if (up)
        (o.success as (r: unknown) => void)(my ? { status: 202, data: '{}' } : { statusCode: 202, data: {} })
      else
        (o.fail as (r: unknown) => void)(
          my ? { error: 12, errorMessage: 'network error' } : { errMsg: 'request:fail', errno: 600001 },
        )
    }, 10)
    return my
      ? { then: (a: unknown) => a, catch: () => undefined, abort: () => undefined }
      : { abort: () => undefined }
  }
  for (const op of ['uploadFile', 'downloadFile'] as const) {
    const f = base[op] as (o: Api) => unknown
    api[op] = (o: Api) => {
      probes.push({ kind: op, url: String(o.url) })
      return f(o)
    }
  }
  const connect = base.connectSocket as (o: Api) => Api
  api.connectSocket = (o: Api) => {
    probes.push({ kind: 'socket', url: String(o.url) })
    const task = connect(o)
    sockets.live++
    sockets.max = Math.max(sockets.max, sockets.live)
    // The slot is free when the fake frees it: wx at onClose (after the closing handshake), the mini fakes
    // at close() (they fire no onClose for a close the caller asked for).
    let closed = false
    const free = () => {
      if (!closed) sockets.live--
      closed = true
    }
    const onClose = task.onClose as (l: (r: unknown) => void) => void
    const close = task.close as (o?: unknown) => void
    const wrapped = Object.create(task) as Api
    wrapped.onClose = (l: (r: unknown) => void) =>
      onClose.call(task, (r: unknown) => {
        free()
        l(r)
      })
    wrapped.close = (o?: unknown) => {
      close.call(task, o)
      if (wxShaped) return
      free()
    }
    return wrapped
  }
  return {
    id,
    clock,
    api,
    platform: sentinelPlatform(id, api),
    storage,
    listeners: () => ({ hide: hideL.size, network: netL.size }),
    hide() {
      hideL.forEach((l) => l({}))
    },
    setOnline(v) {
      online = v
      netL.forEach((l) => l({ isConnected: v }))
    },
    collector,
    probes,
    sockets,
    open: () => (typeof fake.open === 'number' ? fake.open : fake.openTasks ? fake.openTasks().total : 0),
  }
}

/** The access hosts (socket + request) of the newest catalog range: what a default sentinel probes. */
export function accessTargets(sdk = 'latest'): string[] {
  const res = resolveDomains(sdk, CATALOG)
  if (!res.ok) throw new Error('no resolution')
  return res.entries
    .filter((e) => e.purpose === 'access' && (e.category === 'socket' || e.category === 'request'))
    .map((e) => `${e.category === 'socket' ? 'socket' : 'request'} ${e.url}`)
    .sort()
}

/** A simulated ZIM instance: `on` / `off` with a listener, and `emit` as the SDK fires its events. */
export class FakeZim {
  private readonly handlers = new Map<string, Set<(...a: never[]) => void>>()
  on(type: string, fn: (...a: never[]) => void): void {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set())
    this.handlers.get(type)!.add(fn)
  }
  off(type: string, fn?: (...a: never[]) => void): void {
    if (fn) this.handlers.get(type)?.delete(fn)
    else this.handlers.delete(type)
  }
  emit(type: string, data: unknown): void {
    this.handlers.get(type)?.forEach((fn) => (fn as (...a: unknown[]) => void)(this, data))
  }
  count(): number {
    let n = 0
    this.handlers.forEach((s) => (n += s.size))
    return n
  }
}

/** Lets promises and the manual clock move together: `steps` rounds of microtasks, then `ms` of time each. */
export async function settle(clock: ManualClock, steps = 400, ms = 50): Promise<void> {
  for (let i = 0; i < steps; i++) {
    for (let k = 0; k < 5; k++) await Promise.resolve()
    clock.advance(ms)
  }
  for (let k = 0; k < 5; k++) await Promise.resolve()
}
