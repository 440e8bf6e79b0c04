/** Whether jest's modern fake timers replace the globals (they mark their setTimeout with its clock). */
const fakeTimers = () => 'clock' in (globalThis.setTimeout as unknown as object)

/**
 * Lets `ms` pass. Under `jest.useFakeTimers()` it moves the fake clock (timers and the promises they resolve run,
 * in order), so what a test sees does not depend on how busy the machine is; on real timers it waits.
 */
export const sleep = (ms: number): Promise<unknown> =>
  fakeTimers() ? jest.advanceTimersByTimeAsync(ms) : new Promise((r) => setTimeout(r, ms))

/** Lets time pass until a condition holds, 10 ms at a time; fails after timeoutMs (of the clock in use). */
export async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not met in time')
    await sleep(10)
  }
}
