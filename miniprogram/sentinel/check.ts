import { EnforcementRecord } from '../core/canary'
import { DEFAULT_LIMITS, ProbeEngine } from '../core/engine'
import { platformEnforcement } from '../core/environment'
import { planProbes } from '../core/plan'
import { buildReport } from '../core/report/model'
import { resolveDomains } from '../core/resolver'
import { num } from './outbox'
import { CheckRunner, SENTINEL_DEFAULTS, SentinelProbing } from './types'

// The sentinel's check itself (issue 33): the hosts its scope names, within what the host app leaves free,
// as one report@1 with its trigger. When to run it and where the report goes: sentinel/trigger.ts, outbox.ts.

/**
 * The check on one platform, as the trigger runs it (sentinel/trigger.ts: TriggerDeps.check): each run resolves
 * with its report, or undefined when there was nothing to probe or it was cut short.
 */
export const checkRunner =
  (p: SentinelProbing): CheckRunner =>
  (options, clock, t, networkType, hooks) => {
    const res = resolveDomains(options.sdk || 'latest')
    if (!res.ok) return Promise.resolve(undefined)
    const purposes = options.scope?.purposes ?? SENTINEL_DEFAULTS.purposes
    const categories = options.scope?.categories ?? SENTINEL_DEFAULTS.categories
    const adapter = p.createAdapter()
    const limits = adapter.limits ?? DEFAULT_LIMITS
    // What the host left free: the platform's limit minus the app's own tasks (the ZIM SDK holds a socket).
    const free = {
      socket: limits.socket - num(options.hostSockets, SENTINEL_DEFAULTS.hostSockets, 0, 100),
      http: limits.http - num(options.hostRequests, SENTINEL_DEFAULTS.hostRequests, 0, 100),
    }
    const warnings: string[] = []
    const plan = planProbes(
      res.entries.filter((e) => purposes.indexOf(e.purpose) >= 0),
      categories,
    ).filter((x) => {
      const pool = x.category === 'socket' ? 'socket' : 'http'
      return free[pool] >= 1
    })
    if (free.socket < 1) warnings.push('sentinel: no socket left free by the app; socket hosts not probed')
    if (free.http < 1) warnings.push('sentinel: no request left free by the app; request hosts not probed')
    if (plan.length === 0) return Promise.resolve(undefined)
    const env = p.readEnvironment()
    if (networkType) env.networkType = networkType
    const enforcement = platformEnforcement(env)
    // At most two sockets and two requests at once, never more than the host left free.
    const concurrency = { socket: Math.min(2, free.socket), http: Math.min(2, free.http) }
    const timeoutMs = num(options.timeoutMs, SENTINEL_DEFAULTS.timeoutMs, 100, 60000)
    const deadlineMs = num(options.deadlineMs, SENTINEL_DEFAULTS.deadlineMs, timeoutMs, 120000)
    const engine = new ProbeEngine(
      plan,
      adapter,
      {
        timeoutMs,
        deadlineMs,
        concurrency,
        hostTasks: { http: 0, socket: 0 },
        retry: { attempts: 1, baseDelayMs: 500 },
        maxInterruptions: 0,
      },
      enforcement,
      clock,
    )
    hooks.onEngine(engine)
    // A row refused as not in the domain list proves the list is checked (the engine re-verdicts the passes).
    let measured: { whitelist: typeof enforcement; record: EnforcementRecord } | undefined
    engine.on('canary', (m) => (measured = m))
    return engine.start().then((results) => {
      // Cancelled (hidden, disposed): a half check says nothing; it is not sent.
      if (hooks.unwanted() || results.some((r) => r.status === 'skipped' && r.skipReason === 'cancelled'))
        return undefined
      return buildReport({
        createdAt: new Date(clock.now()),
        sdk: { input: res.input, resolved: res.resolved },
        environment: env,
        enforcement: measured ? measured.whitelist : enforcement,
        ...(measured ? { enforcementRecord: measured.record } : {}),
        options: { timeoutMs, deadlineMs, concurrency, only: categories.slice() },
        results,
        warnings,
        trigger: t,
      })
    })
  }
