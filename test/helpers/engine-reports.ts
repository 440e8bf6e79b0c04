import { ProbeTarget } from '../../miniprogram/core/adapter'
import { ProbeEngine } from '../../miniprogram/core/engine'
import { RunEnvironment, whitelistEnforcement } from '../../miniprogram/core/environment'
import { planProbes } from '../../miniprogram/core/plan'
import { buildReport, Report } from '../../miniprogram/core/report'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { Behaviour, failed, FakeAdapter, reached } from './fake-adapter'
import { PHONE } from './reports'

/*
 * Reports made the way a phone makes them: the real engine probing the resolved catalog through a scripted
 * fake adapter (real timers, a few ms each), then buildReport. Nothing here is a hand-written report.
 */

export const XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'

const ok = (ms = 3): Behaviour => ({
  kind: 'answer',
  delayMs: ms,
  outcome: { ...reached(200), timing: { dnsMs: 1, connectMs: 2, tlsMs: 1, ttfbMs: 1 } },
})
const err = (errMsg: string, errno?: number): Behaviour => ({
  kind: 'answer',
  delayMs: 2,
  outcome: failed(errMsg, errno),
})
const prefix = (t: ProbeTarget) => (t.category === 'socket' ? 'connectSocket:fail' : `${t.category}:fail`)

export type Script = (t: ProbeTarget) => Behaviour

/** All *.zego.im rows fail the TLS handshake (an intercepting proxy), one WS upgrade refused, the rest pass. */
export const zegoTls: Script = (t) =>
  t.url.includes('.zego.im')
    ? err(`${prefix(t)} ssl hand shake error`)
    : t.url.startsWith('wss://weblogger-wss.coolgcloud')
      ? { kind: 'answer', delayMs: 2, outcome: { reached: true, statusCode: 404, upgradeRejected: true } }
      : ok()

/** request and uploadFile domains not whitelisted (errno 600002), socket and downloadFile pass. */
export const notWhitelisted: Script = (t) =>
  (t.category === 'request' || t.category === 'uploadFile') && !t.url.includes('aliyuncs')
    ? err(`${prefix(t)} url not in domain list`, 600002)
    : ok()

/** Every host times out (the engine's own deadline settles them). */
export const allTimeout: Script = () => ({ kind: 'hang' })

/** Hostile text in the raw messages; one unknown error; a DNS failure. */
export const hostile: Script = (t) =>
  t.category === 'socket' && t.url.includes('accesshub-wss')
    ? err(`${prefix(t)} ${XSS}`)
    : t.category === 'request' && t.url.includes('detaillog-global.coolb')
      ? err('=HYPERLINK("http://evil.example","x") weird thing happened')
      : t.category === 'downloadFile'
        ? err(`${prefix(t)} errcode:-105 cronet_error_code:-105 error_msg:net::ERR_NAME_NOT_RESOLVED`)
        : ok()

export const ENVS: Record<string, RunEnvironment> = {
  android: PHONE,
  ios: {
    runtime: 'wechat',
    platform: 'ios',
    wechatVersion: '8.0.49',
    baseLibrary: '3.4.10',
    system: 'iOS 17.2.1',
    brand: 'iPhone',
    model: 'iPhone 15',
    networkType: 'wifi',
    appId: 'wx0123456789abcdef',
    envVersion: 'trial',
    enableDebug: true,
  },
  // An old base library: no enableDebug, so enforcement is unknown; few optional fields.
  oldAndroid: {
    runtime: 'wechat',
    platform: 'android',
    system: 'Android 9',
    wechatVersion: '7.0.4',
    baseLibrary: '2.10.4',
  },
  devtools: {
    runtime: 'devtools',
    platform: 'devtools',
    baseLibrary: '3.5.8',
    system: 'Windows 10 x64',
    networkType: 'wifi',
  },
  node: { runtime: 'node', platform: 'linux', node: 'v20.19.0' },
}

/**
 * One run of the real engine. `cancelAfterMs`: cancel the run then (the unfinished rows are skipped).
 * `only`: probe these categories only.
 */
export async function engineReport(
  script: Script,
  env: RunEnvironment,
  opts: {
    sdk?: string
    timeoutMs?: number
    cancelAfterMs?: number
    only?: ('socket' | 'request' | 'uploadFile' | 'downloadFile')[]
    warnings?: string[]
  } = {},
): Promise<Report> {
  const sdk = opts.sdk ?? '2.13.0'
  const res = resolveDomains(sdk)
  if (!res.ok) throw new Error(`catalog: ${sdk}`)
  const plan = planProbes(res.entries, opts.only)
  const adapter = new FakeAdapter((t) => script(t))
  const enforcement = whitelistEnforcement(env)
  const timeoutMs = opts.timeoutMs ?? 60
  const engine = new ProbeEngine(plan, adapter, { timeoutMs, deadlineMs: 10_000 }, enforcement)
  const run = engine.start()
  let timer: ReturnType<typeof setTimeout> | undefined
  if (opts.cancelAfterMs !== undefined) timer = setTimeout(() => engine.cancel(), opts.cancelAfterMs)
  const results = await run
  if (timer) clearTimeout(timer)
  if (adapter.open !== 0) throw new Error('the fake adapter still has open tasks')
  return buildReport({
    createdAt: new Date(),
    sdk: { input: sdk, resolved: res.resolved },
    environment: env,
    enforcement,
    options: {
      timeoutMs,
      deadlineMs: 10_000,
      concurrency: engine.options.concurrency,
      ...(opts.only ? { only: opts.only } : {}),
    },
    results,
    warnings: opts.warnings ?? [],
  })
}
