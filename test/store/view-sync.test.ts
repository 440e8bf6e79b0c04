import { Clock } from '../../miniprogram/core/clock'
import { diffView, ViewSync } from '../../miniprogram/store/view-sync'

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0
  const timers: { at: number; fn: () => void; id: number }[] = []
  let next = 1
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.push({ at: now + ms, fn, id: next })
      return next++
    },
    clearTimeout: (h) => {
      const i = timers.findIndex((t) => t.id === h)
      if (i >= 0) timers.splice(i, 1)
    },
  }
  const advance = (ms: number) => {
    now += ms
    for (const t of timers.filter((x) => x.at <= now)) {
      timers.splice(timers.indexOf(t), 1)
      t.fn()
    }
  }
  return { clock, advance, pending: () => timers.length }
}

describe('diffView', () => {
  it('sends changed paths only, arrays of the same length item by item', () => {
    const prev = { a: 1, rows: [{ s: 'x' }, { s: 'y' }], o: { k: 1, gone: 2 } }
    const next = { a: 1, rows: [{ s: 'x' }, { s: 'z' }], o: { k: 2 } }
    expect(diffView(prev, next)).toEqual({ 'rows[1].s': 'z', 'o.k': 2, 'o.gone': null })
  })

  it('sends an array whole when its length changes', () => {
    expect(diffView({ rows: [1] }, { rows: [1, 2] })).toEqual({ rows: [1, 2] })
  })

  it('refuses a view that is not an object', () => {
    expect(() => diffView([], [1])).toThrow('the view must be an object')
  })
})

describe('ViewSync', () => {
  it('batches asks within the interval into one setData, and sends nothing when nothing changed', () => {
    const { clock, advance } = manualClock()
    let value = 0
    const sent: Record<string, unknown>[] = []
    const sync = new ViewSync(
      () => ({ value }),
      (p) => sent.push(p),
      200,
      clock,
    )
    sync.flush()
    expect(sent).toEqual([{ value: 0 }])
    value = 1
    sync.schedule()
    value = 2
    sync.schedule()
    advance(199)
    expect(sent).toHaveLength(1)
    advance(1)
    expect(sent).toEqual([{ value: 0 }, { value: 2 }])
    sync.flush()
    expect(sent).toHaveLength(2)
  })

  it('sends nothing while paused and catches up on resume; nothing after dispose', () => {
    const { clock, advance, pending } = manualClock()
    let value = 'a'
    const sent: Record<string, unknown>[] = []
    const sync = new ViewSync(
      () => ({ value }),
      (p) => sent.push(p),
      200,
      clock,
    )
    sync.flush()
    sync.pause()
    value = 'b'
    sync.schedule()
    sync.flush()
    advance(1000)
    expect(sent).toEqual([{ value: 'a' }])
    sync.resume()
    advance(0)
    expect(sent).toEqual([{ value: 'a' }, { value: 'b' }])
    sync.dispose()
    value = 'c'
    sync.schedule()
    sync.flush()
    advance(1000)
    expect(sent).toHaveLength(2)
    expect(pending()).toBe(0)
  })
})
