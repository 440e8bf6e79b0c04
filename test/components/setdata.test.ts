/** @jest-environment jsdom */
import { measurePanelRun, peakPerSecond } from '../helpers/setdata-measure'

describe('view updates during a full 2.13.0 run', () => {
  it('are batched by path: few setData calls per second, the list is never re-sent per result', async () => {
    const f = await measurePanelRun()
    // 46 results over a few hundred ms would be 46 calls unbatched.
    expect(f.peakPerSecond).toBeLessThanOrEqual(10)
    expect(f.calls).toBeLessThan(20)
    expect(f.wholeListResends).toBeLessThanOrEqual(1)
    expect(f.bytesRatio).toBeLessThanOrEqual(2)
  })

  it('peakPerSecond counts the busiest one-second window', () => {
    expect(peakPerSecond([0, 100, 200, 1100, 1150, 1199, 1999])).toBe(4)
    expect(peakPerSecond([])).toBe(0)
  })
})
