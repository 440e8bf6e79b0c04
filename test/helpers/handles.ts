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
