import { watchTimers } from '../helpers/handles'

/* The leak check the real-socket tests end with (test/helpers/handles.ts watchTimers) sees a timer left armed and
 * nothing else: not one fired, cleared or unreferenced, not one armed before it started, not Jest's own. */
test('a timer left armed is named by where it was armed; fired, cleared and unreferenced ones are not', async () => {
  const before = setTimeout(() => undefined, 60_000)
  const w = watchTimers()
  w.start()
  try {
    const left = setTimeout(() => undefined, 60_000)
    const cleared = setTimeout(() => undefined, 60_000)
    clearTimeout(cleared)
    setTimeout(() => undefined, 60_000).unref()
    await new Promise((r) => setTimeout(r, 5))
    const every = setInterval(() => undefined, 60_000)
    expect(w.armed()).toEqual([
      expect.stringMatching(/^60000 ms, .*timer-watch\.test\.ts/),
      expect.stringMatching(/^60000 ms, .*timer-watch\.test\.ts/),
    ])
    clearTimeout(left)
    clearInterval(every)
    expect(w.armed()).toEqual([])
  } finally {
    w.stop()
    clearTimeout(before)
  }
})
