import { until as untilTime } from '../helpers/time'
/**
 * Runs a built page or component of `dist/<platform>/` (tools/build-platform.js) in a Node VM, the way the
 * platform's runtime would: the file's JS is evaluated with the platform global (`my`, `tt`, `swan`, `qq`)
 * and its `Component` / `Page` constructors, and the definition it registers is instantiated with
 * `setData`. Two constructor models:
 * - 'wx' (Douyin, Baidu, QQ, WeChat): properties, lifetimes.attached/detached, methods, triggerEvent;
 * - 'alipay': props, didMount / didUpdate / didUnmount, methods, events as `on…` props (no Behavior: a
 *   bundle that calls Behavior fails here, as it would on Alipay).
 * The network is test/helpers/fake-mini.ts (my / tt / swan dialects) or fake-wx's shapes for QQ/WeChat.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as vm from 'node:vm'
import { systemClock } from '../../miniprogram/core/clock'
import { createFakeMini, Dialect, MiniBehaviour, MiniCall } from '../helpers/fake-mini'

export type Platform = 'wechat' | 'alipay' | 'douyin' | 'baidu' | 'qq' | 'xhs'
export const GLOBAL: Record<Platform, string> = {
  wechat: 'wx',
  alipay: 'my',
  douyin: 'tt',
  baidu: 'swan',
  qq: 'qq',
  xhs: 'xhs',
}

export interface Mounted {
  data: Record<string, unknown>
  /** Calls a method of the definition (an event handler) as the runtime would. */
  call(name: string, event?: unknown): unknown
  detach(): void
  /** Events the component sent to its parent: [name, detail]. */
  events: [string, unknown][]
  api: FakePlatform
}

export interface FakePlatform extends Record<string, unknown> {
  clipboard: string[]
  storage: Map<string, unknown>
  network: { calls: MiniCall[]; open: number }
  /** Clears the fake's pending platform timers. */
  dispose(): void
}

/** A scriptable platform global: fake-mini's network (wx dialect for QQ/WeChat = tt's shapes) plus the UI calls. */
export function fakePlatform(platform: Platform, script: (call: MiniCall) => MiniBehaviour): FakePlatform {
  const dialect: Dialect =
    platform === 'alipay' ? 'my' : platform === 'baidu' ? 'swan' : platform === 'xhs' ? 'xhs' : 'tt'
  // The fake's own timers (platform timeouts) are kept, so a test can clear what a finished run left.
  const timers = new Set<unknown>()
  const clock = {
    ...systemClock,
    setTimeout: (fn: () => void, ms: number) => {
      const h: unknown = systemClock.setTimeout(() => {
        timers.delete(h)
        fn()
      }, ms)
      timers.add(h)
      return h
    },
  } as typeof systemClock
  const net = createFakeMini(dialect, script, { clock })
  const storage = new Map<string, unknown>()
  const clipboard: string[] = []
  const system = {
    platform: 'ios',
    system: 'iOS 17.2',
    brand: 'iPhone',
    model: 'iPhone 15',
    language: 'zh_CN',
    SDKVersion: '3.5.0',
  }
  const common = {
    env: net.env,
    request: net.request,
    uploadFile: net.uploadFile,
    downloadFile: net.downloadFile,
    connectSocket: net.connectSocket,
    getFileSystemManager: net.getFileSystemManager,
    getSystemInfoSync: () => system,
    getNetworkType: (o: { success: (r: unknown) => void }) => o.success({ networkType: 'wifi' }),
    onNetworkStatusChange: () => undefined,
    offNetworkStatusChange: () => undefined,
    onAppHide: () => undefined,
    offAppHide: () => undefined,
    onAppShow: () => undefined,
    offAppShow: () => undefined,
    navigateTo: () => undefined,
  }
  const wxStorage = {
    getStorageSync: (k: string) => storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => void storage.set(k, JSON.parse(JSON.stringify(v))),
    removeStorageSync: (k: string) => void storage.delete(k),
    setClipboardData: (o: { data: string; success?: () => void }) => {
      clipboard.push(o.data)
      o.success?.()
    },
  }
  const specific: Record<Platform, Record<string, unknown>> = {
    alipay: {
      getStorageSync: (o: { key: string }) => ({ data: storage.get(o.key) }),
      setStorageSync: (o: { key: string; data: unknown }) =>
        void storage.set(o.key, JSON.parse(JSON.stringify(o.data))),
      removeStorageSync: (o: { key: string }) => void storage.delete(o.key),
      setClipboard: (o: { text: string; success?: () => void }) => {
        clipboard.push(o.text)
        o.success?.()
      },
      getAccountInfoSync: () => ({ miniProgram: { appId: '2021000000000000', envVersion: 'release' } }),
      SDKVersion: '2.9.0',
      isIDE: false,
    },
    douyin: {
      ...wxStorage,
      getEnvInfoSync: () => ({ microapp: { appId: 'tt0123456789abcdef', envType: 'production' } }),
    },
    baidu: { ...wxStorage, getEnvInfoSync: () => ({ appKey: 'bd0123456789', env: 'production' }) },
    // xhs: getAppInfoSync / getAccountInfoSync as platform/xhs/environment.ts reads them (docs/platforms.md X6).
    xhs: {
      ...wxStorage,
      getAppInfoSync: () => ({ env: 'release', platform: 'iOS', debug: false }),
      getAccountInfoSync: () => ({ miniProgram: { appId: 'xhs0123456789abcd', envVersion: 'release' } }),
    },
    qq: {
      ...wxStorage,
      getAppBaseInfo: () => ({
        SDKVersion: '1.60.0',
        version: '9.0.0',
        enableDebug: false,
        language: 'zh_CN',
      }),
      getDeviceInfo: () => system,
      getAccountInfoSync: () => ({ miniProgram: { appId: '1112223334', envVersion: 'release' } }),
    },
    wechat: {
      ...wxStorage,
      getAppBaseInfo: () => ({
        SDKVersion: '3.5.8',
        version: '8.0.50',
        enableDebug: false,
        language: 'zh_CN',
      }),
      getDeviceInfo: () => system,
      getAccountInfoSync: () => ({ miniProgram: { appId: 'wx0123456789abcdef', envVersion: 'release' } }),
    },
  }
  return Object.assign({}, common, specific[platform], {
    clipboard,
    storage,
    network: net as unknown as { calls: MiniCall[]; open: number },
    dispose: () => timers.forEach((h) => systemClock.clearTimeout(h as never)),
  })
}

type Def = Record<string, unknown>

/** Evaluates one built JS file and returns what it registered with Component / Page / App. */
export function loadDefinition(
  file: string,
  platform: Platform,
  api: FakePlatform,
): { kind: string; def: Def } {
  const registered: { kind: string; def: Def }[] = []
  const sandbox: Record<string, unknown> = {
    [GLOBAL[platform]]: api,
    Component: (def: Def) => registered.push({ kind: 'Component', def }),
    Page: (def: Def) => registered.push({ kind: 'Page', def }),
    App: (def: Def) => registered.push({ kind: 'App', def }),
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    Promise,
    Date,
    Math,
    JSON,
  }
  vm.runInNewContext(readFileSync(file, 'utf8'), sandbox, { filename: file })
  if (registered.length !== 1) throw new Error(`${file} registered ${registered.length} definitions`)
  return registered[0]
}

/** setData's semantics: keys may be paths (`run.groups[0].rows[2].status`), values are copied. */
export function applyPatch(data: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    const path = key.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '')
    let at = data as Record<string, unknown>
    for (let i = 0; i < path.length - 1; i++) {
      if (at[path[i]] === null || typeof at[path[i]] !== 'object')
        at[path[i]] = /^\d+$/.test(path[i + 1]) ? [] : {}
      at = at[path[i]] as Record<string, unknown>
    }
    at[path[path.length - 1]] = value === undefined ? undefined : JSON.parse(JSON.stringify(value))
  }
}

const methodsOf = (def: Def) => (def.methods ?? {}) as Record<string, (...a: unknown[]) => unknown>

/** Mounts a built component: `dir` is dist/<platform>, `unit` e.g. components/netcheck-panel/index. */
export function mountBuilt(
  dir: string,
  unit: string,
  platform: Platform,
  api: FakePlatform,
  props: Record<string, unknown> = {},
): Mounted {
  const { def } = loadDefinition(join(dir, `${unit}.js`), platform, api)
  const events: [string, unknown][] = []
  const data: Record<string, unknown> = JSON.parse(JSON.stringify(def.data ?? {}))
  const setData = (patch: Record<string, unknown>) => applyPatch(data, patch)
  if (platform === 'alipay') {
    if (!def.props || def.lifetimes || def.properties)
      throw new Error('an Alipay component needs props, not properties')
    const self: Record<string, unknown> = {
      data,
      setData,
      props: {
        ...(def.props as object),
        ...props,
        onReport: (e: { detail: unknown }) => events.push(['report', e.detail]),
        onHistory: (e: { detail: unknown }) => events.push(['history', e.detail]),
      },
    }
    Object.assign(self, methodsOf(def))
    ;(def.didMount as () => void).call(self)
    return {
      data,
      events,
      api,
      call: (name, e) => (self[name] as (e: unknown) => unknown).call(self, e),
      detach: () => (def.didUnmount as () => void).call(self),
    }
  }
  const properties = (def.properties ?? {}) as Record<string, { value?: unknown }>
  for (const [k, p] of Object.entries(properties)) data[k] = k in props ? props[k] : p.value
  const self: Record<string, unknown> = {
    data,
    setData,
    triggerEvent: (name: string, detail: unknown) => events.push([name, detail]),
  }
  Object.assign(self, methodsOf(def))
  const lifetimes = (def.lifetimes ?? {}) as Record<string, (() => void) | undefined>
  lifetimes.attached?.call(self)
  // Observers run for the properties the parent set (as WeChat does when a property is given).
  const observers = (def.observers ?? {}) as Record<string, () => void>
  for (const [spec, fn] of Object.entries(observers))
    if (spec.split(',').some((k) => k.trim() in props)) fn.call(self)
  return {
    data,
    events,
    api,
    call: (name, e) => (self[name] as (e: unknown) => unknown).call(self, e),
    detach: () => lifetimes.detached?.call(self),
  }
}

export { sleep } from '../helpers/time'

/** Lets time pass until a condition holds (test/helpers/time.ts); built pages get 10 s by default. */
export const until = (cond: () => boolean, timeoutMs = 10_000): Promise<void> => untilTime(cond, timeoutMs)

/** A run with failures: one category refused as not whitelisted, one socket failing, the rest answering. */
/**
 * How an enforcing platform refuses a host outside its list, in its own words: the panel's canary (a host under
 * example.com, which no list can hold) meets this. Alipay: request / upload 4, socket onSocketError 65
 * (MY_NOT_IN_LIST); Douyin: "url not in domain list, url == …" (TT_RULES.notInList); Baidu: the bare 1001
 * SWAN_RULES assumes (no wording is documented: the canary stays undecided there); WeChat, QQ, Xiaohongshu: wx's.
 */
export function refusedAsNotListed(p: Platform, call: MiniCall): MiniBehaviour {
  const socket = call.kind === 'socket'
  if (p === 'baidu')
    return socket
      ? { kind: 'socketError', delayMs: 5, code: 1001, msg: '执行失败' }
      : { kind: 'fail', delayMs: 5, code: 1001, msg: '执行失败' }
  if (p === 'alipay')
    return socket ? { kind: 'socketError', delayMs: 5, code: 65 } : { kind: 'fail', delayMs: 5, code: 4 }
  const msg = p === 'douyin' ? `url not in domain list, url == ${call.url}` : 'url not in domain list'
  return socket ? { kind: 'socketError', delayMs: 5, msg } : { kind: 'fail', delayMs: 5, msg }
}

/** The panel's canary host (core/canary.ts: a label under example.com). */
export const isCanary = (call: MiniCall) => /\.example\.com(?:[/:]|$)/.test(call.url)

export function failuresScript(platform: Platform) {
  return (call: MiniCall): MiniBehaviour => {
    const delayMs = 5 + (call.url.length % 20)
    // The platform enforces its list (these rows fail as not whitelisted): it refuses the canary too.
    if (isCanary(call)) return refusedAsNotListed(platform, call)
    if (call.url.includes('coolhcloud') && call.kind !== 'socket') {
      if (platform !== 'alipay') return { kind: 'fail', delayMs, msg: 'url not in domain list' }
      // Alipay checks its list for my.request (4 / 11) and my.uploadFile (4) only (网络 API 使用须知.md).
      if (call.kind === 'request') return { kind: 'fail', delayMs, code: 11, msg: '无权跨域调用' }
      if (call.kind === 'uploadFile') return { kind: 'fail', delayMs, code: 4 }
    }
    if (call.kind === 'socket')
      return call.url.includes('weblogger')
        ? { kind: 'socketError', delayMs, msg: "Expected HTTP 101 response but was '404 Not Found'" }
        : { kind: 'open', delayMs }
    return { kind: 'success', delayMs, status: 200 }
  }
}
