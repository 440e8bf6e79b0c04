import * as path from 'node:path'
import { FakeWx, FakeWxOptions, Script } from './fake-wx'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate')

export const PANEL = path.join(__dirname, '../../miniprogram/components/netcheck-panel/index')
export const MINIPROGRAM_ROOT = path.join(__dirname, '../../miniprogram')

export interface SetDataCall {
  at: number
  bytes: number
  keys: string[]
}

export interface EnvOverrides {
  enableDebug?: boolean
  language?: string
  platform?: string
  appId?: string
  envVersion?: 'develop' | 'trial' | 'release'
}

type Wx = Record<string, unknown>

/** Replaces the network, clipboard and info calls of simulate's global `wx` with scriptable fakes. */
export function installFakeWx(script: Script, env: EnvOverrides = {}, fakeOptions: FakeWxOptions = {}) {
  const g = globalThis as unknown as { wx: Wx }
  const fake = new FakeWx(script, fakeOptions)
  const clipboard: { data: string }[] = []
  let clipboardError: { errMsg: string; errno?: number } | undefined
  Object.assign(g.wx, {
    env: fake.env,
    request: fake.request,
    uploadFile: fake.uploadFile,
    downloadFile: fake.downloadFile,
    connectSocket: fake.connectSocket,
    getFileSystemManager: fake.getFileSystemManager,
    onAppHide: fake.onAppHide,
    offAppHide: fake.offAppHide,
    onAppShow: fake.onAppShow,
    offAppShow: fake.offAppShow,
    getAppBaseInfo: () => ({
      SDKVersion: '3.5.8',
      version: '8.0.50',
      enableDebug: env.enableDebug ?? false,
      language: env.language ?? 'zh_CN',
    }),
    getDeviceInfo: () => ({
      platform: env.platform ?? 'ios',
      brand: 'iPhone',
      model: 'iPhone 15',
      system: 'iOS 17.2',
    }),
    getAccountInfoSync: () => ({
      miniProgram: {
        appId: env.appId ?? 'wx0123456789abcdef',
        envVersion: env.envVersion ?? 'release',
        version: '1.0.0',
      },
    }),
    getNetworkType: (o: { success: (r: unknown) => void }) =>
      o.success({ networkType: 'wifi', hasSystemProxy: false }),
    onNetworkStatusChange: () => undefined,
    offNetworkStatusChange: () => undefined,
    setClipboardData: (o: { data: string; success?: () => void; fail?: (e: unknown) => void }) => {
      if (clipboardError) return o.fail?.(clipboardError)
      clipboard.push({ data: o.data })
      o.success?.()
    },
  })
  return {
    fake,
    clipboard,
    refuseClipboard: (err: { errMsg: string; errno?: number }) => (clipboardError = err),
  }
}

/** Loads and attaches the panel (canary off unless `canary: true`), counting every setData call and its size. */
export function mountPanel(props: Record<string, unknown> = {}) {
  const id = simulate.load(PANEL, 'netcheck-panel', { rootPath: MINIPROGRAM_ROOT })
  // The canary (issue 27) is on by default in the panel; tests written before it run without it unless they
  // ask (`canary: true`), so their scripted call counts and verdicts stay what they test.
  const comp = simulate.render(id, { canary: false, ...props })
  const calls: SetDataCall[] = []
  const instance = comp.instance as { setData: (d: Record<string, unknown>, cb?: () => void) => void }
  const original = instance.setData.bind(instance)
  instance.setData = (data, cb) => {
    calls.push({ at: Date.now(), bytes: Buffer.byteLength(JSON.stringify(data)), keys: Object.keys(data) })
    original(data, cb)
  }
  const parent = document.createElement('parent-wrapper')
  comp.attach(parent)
  return { comp, calls, instance: comp.instance, simulate }
}

export { sleep, until } from './time'
