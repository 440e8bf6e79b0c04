import { appendFileSync } from 'node:fs'

/** Where figures are collected across bench files (set by bench/run.js), besides stdout. */
const SINK = process.env.ZIM_BENCH_OUT

/**
 * Prints one figure as `name: value`, marked when it misses its target. The bench never fails on a
 * missed target: it reports.
 */
export function figure(
  name: string,
  value: number,
  target?: { max?: number; min?: number },
  note = '',
): void {
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(3)
  const miss =
    target &&
    ((target.max !== undefined && value > target.max) || (target.min !== undefined && value < target.min))
  const goal = target ? ` (target ${target.max !== undefined ? `≤ ${target.max}` : `≥ ${target.min}`})` : ''
  const line = `${name}: ${shown}${goal}${miss ? '  ← MISSES TARGET' : ''}${note ? `  # ${note}` : ''}\n`
  process.stdout.write(line)
  if (SINK) appendFileSync(SINK, line)
}

/** The middle value (the upper one of an even count): what paired ratios quote. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
