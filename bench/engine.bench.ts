import { PlannedProbe, planProbes } from '../miniprogram/core/plan'
import { ProbeEngine } from '../miniprogram/core/engine'
import { resolveDomains } from '../miniprogram/core/resolver'
import { FakeAdapter } from '../test/helpers/fake-adapter'
import { figure } from './figures'

// Real proportions, scaled down 5×: answers of 40–400 ms against the 10 s default timeout become
// 8–80 ms against 2 s, so the bench takes seconds, not minutes.
const TIMEOUT_MS = 2000

/** Deterministic, varied latencies: 8–80 ms, and every 11th probe hangs until its deadline. */
function latencyOf(index: number): number | 'hang' {
  if (index % 11 === 7) return 'hang'
  return 8 + ((index * 29) % 73)
}

function durations(plan: PlannedProbe[]): number[] {
  return plan.map((_, i) => {
    const l = latencyOf(i)
    return l === 'hang' ? TIMEOUT_MS : l
  })
}

/** Per pool: the larger of the longest probe and the summed latency ÷ pool size; the run: the largest pool. */
function lowerBound(plan: PlannedProbe[], pools: { http: number; socket: number }): number {
  const d = durations(plan)
  let bound = 0
  for (const pool of ['http', 'socket'] as const) {
    const mine = d.filter((_, i) => (plan[i].category === 'socket') === (pool === 'socket'))
    if (mine.length === 0) continue
    bound = Math.max(bound, Math.max(...mine), mine.reduce((a, b) => a + b, 0) / pools[pool])
  }
  return bound
}

async function timedRun(
  plan: PlannedProbe[],
  concurrency: { http: number; socket: number },
): Promise<number> {
  const index = new Map(plan.map((p, i) => [p.id, i]))
  const fake = new FakeAdapter((t) => {
    const l = latencyOf(index.get(t.id) as number)
    return l === 'hang'
      ? { kind: 'hang' }
      : { kind: 'answer', delayMs: l, outcome: { reached: true, statusCode: 200 } }
  })
  const engine = new ProbeEngine(plan, fake, { timeoutMs: TIMEOUT_MS, concurrency, deadlineMs: 600_000 })
  const t0 = performance.now()
  await engine.start()
  const elapsed = performance.now() - t0
  if (fake.open !== 0) throw new Error(`bench run leaked ${fake.open} tasks`)
  return elapsed
}

test('makespan of a full 2.13.0 run on a fake platform', async () => {
  const res = resolveDomains('2.13.0')
  if (!res.ok) throw new Error('catalog')
  const plan = planProbes(res.entries)
  const pools = { http: 10, socket: 5 }
  const bound = lowerBound(plan, pools)
  const ours = await timedRun(plan, pools)
  // One at a time: the socket probes, then the HTTP-like ones, each pool of size 1.
  const one = { http: 1, socket: 1 }
  const sequential =
    (await timedRun(
      plan.filter((p) => p.category === 'socket'),
      one,
    )) +
    (await timedRun(
      plan.filter((p) => p.category !== 'socket'),
      one,
    ))
  figure(
    'makespan_ratio',
    ours / bound,
    { max: 1.1 },
    `${plan.length} probes, ${Math.round(ours)} ms vs bound ${Math.round(bound)} ms`,
  )
  figure('sequential_ratio', sequential / ours, undefined, `one at a time: ${Math.round(sequential)} ms`)
})
