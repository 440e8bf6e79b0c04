import { createHook } from 'node:async_hooks'
import { holdsWithin } from './lag'

/** How many of this process's active resources are of `type` (`'TCPSocketWrap'`, `'TLSWrap'`, `'Timeout'`…). */
export const countResources = (type: string): number =>
  process.getActiveResourcesInfo().filter((t) => t === type).length

const socketHandles = () => countResources('TCPSocketWrap') + countResources('TLSWrap')

/**
 * No socket handle is left in this process. A socket destroyed a moment ago may still hold its handle until
 * libuv's close phase runs (a busy machine delays that by a loop turn or more), so this waits up to `budgetMs`
 * of the code's own time (lag excluded) for the count to reach 0. A socket that was never closed stays open
 * forever and fails it all the same.
 */
export async function expectNoSocketHandles(budgetMs = 1000): Promise<void> {
  await holdsWithin(() => socketHandles() === 0, budgetMs)
  expect(process.getActiveResourcesInfo().filter((t) => t === 'TCPSocketWrap' || t === 'TLSWrap')).toEqual([])
}

/** The first frame of a stack that is not Node's own (node:timers…): the code that armed a timer. */
const armedBy = (stack: string): string =>
  stack
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .find((l) => !/\(node:|^at node:|async_hooks|handles\.ts/.test(l)) ?? '(unknown)'

/**
 * The timers a test leaves armed. Counting the process's active timers (`getActiveResourcesInfo`) counts Jest's
 * too: run alone, a test file shares its process with Jest's reporter, whose status line arms a 100 ms timer now
 * and then, so a count taken at one moment and compared at another failed at random (2 runs in 9, before this).
 * This watches instead: every timer made after `start()`, by whatever code armed it, still armed (referenced,
 * neither fired nor cleared) when `armed()` is asked. Jest's own are left out by where they were made.
 */
export function watchTimers(): { start: () => void; armed: () => string[]; stop: () => void } {
  const made = new Map<number, { timer: NodeJS.Timeout; by: string }>()
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type !== 'Timeout') return
      const by = armedBy(new Error().stack ?? '')
      if (/node_modules[\\/](?:@jest[\\/]|jest-)/.test(by)) return
      made.set(id, { timer: resource as NodeJS.Timeout, by })
    },
    destroy(id) {
      made.delete(id)
    },
  })
  return {
    start() {
      made.clear()
      hook.enable()
    },
    armed() {
      return [...made.values()]
        .filter(({ timer }) => timer.hasRef() && !(timer as unknown as { _destroyed?: boolean })._destroyed)
        .map(({ timer, by }) => `${(timer as unknown as { _idleTimeout: number })._idleTimeout} ms, ${by}`)
    },
    stop() {
      hook.disable()
      made.clear()
    },
  }
}
