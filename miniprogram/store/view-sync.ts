import { Clock, systemClock } from '../core/clock'

type Patch = Record<string, unknown>

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Path-level differences between two views, in setData's path syntax (`groups[0].rows[3].status`).
 * Arrays of the same length are compared item by item; a changed length sends the array whole.
 */
export function diffView(prev: unknown, next: unknown, path = '', out: Patch = {}): Patch {
  if (prev === next) return out
  if (Array.isArray(prev) && Array.isArray(next) && prev.length === next.length && path !== '') {
    for (let i = 0; i < next.length; i++) diffView(prev[i], next[i], `${path}[${i}]`, out)
    return out
  }
  if (isPlain(prev) && isPlain(next)) {
    for (const key of Object.keys(next)) diffView(prev[key], next[key], path ? `${path}.${key}` : key, out)
    for (const key of Object.keys(prev)) if (!(key in next)) out[path ? `${path}.${key}` : key] = null
    return out
  }
  if (path === '') throw new Error('diffView: the view must be an object')
  out[path] = next
  return out
}

/**
 * Pushes a changing view to a component: at most one setData per `minIntervalMs`, only the changed paths,
 * nothing while paused (page hidden). The view function must return fresh plain objects.
 */
export class ViewSync<V extends Record<string, unknown>> {
  private sent: V | undefined
  private timer: unknown
  private last = -Infinity
  private paused = false
  private disposed = false

  constructor(
    private readonly view: () => V,
    private readonly setData: (patch: Patch) => void,
    private readonly minIntervalMs = 200,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Ask for a flush; several asks within the interval become one setData. */
  schedule(): void {
    if (this.disposed || this.paused || this.timer !== undefined) return
    const wait = Math.max(0, this.last + this.minIntervalMs - this.clock.now())
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined
      this.flush()
    }, wait)
  }

  /** Send what changed now. */
  flush(): void {
    if (this.disposed || this.paused) return
    const next = this.view()
    const patch = this.sent === undefined ? { ...next } : diffView(this.sent, next)
    this.sent = next
    if (Object.keys(patch).length === 0) return
    this.last = this.clock.now()
    this.setData(patch)
  }

  pause(): void {
    this.paused = true
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
    this.timer = undefined
  }

  resume(): void {
    if (!this.paused) return
    this.paused = false
    this.schedule()
  }

  dispose(): void {
    this.pause()
    this.disposed = true
  }
}
