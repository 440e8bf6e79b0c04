// tools/build-dist.js namedWhereBabelWraps: a property's anonymous function that reads the global of the same name
// (core/clock.ts's setTimeout) gets a name of its own, so that WeChat's Babel names it instead of wrapping it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { namedWhereBabelWraps } = require('../../tools/build-dist.js') as {
  namedWhereBabelWraps: (code: string) => string
}

const g = globalThis as unknown as { zimProbe?: (x: number) => number }

describe('build:dist namedWhereBabelWraps', () => {
  beforeAll(() => {
    g.zimProbe = (x) => x * 2
  })
  afterAll(() => {
    delete g.zimProbe
  })

  it('names a function that reads the global its key names, with a name it does not read, and it still calls the global', () => {
    const src = 'out = { zimProbe: function (a, b) { return zimProbe(a) + b } }'
    const named = namedWhereBabelWraps(src)
    const m = /zimProbe: function (\w+) \(a, b\)/.exec(named)
    expect(m).not.toBeNull()
    expect(['a', 'b', 'zimProbe']).not.toContain(m![1])
    const run = (code: string) =>
      new Function(`var out; ${code}; return out`)() as { zimProbe: (a: number, b: number) => number }
    expect(run(named).zimProbe(3, 1)).toBe(7)
    expect(run(named).zimProbe(3, 1)).toBe(run(src).zimProbe(3, 1))
  })

  it('leaves alone a key read only as a property, a name the chunk declares, and a function already named', () => {
    for (const src of [
      'out = { now: function () { return Date.now() } }',
      'function zimProbe(x) { return x }\nout = { zimProbe: function (x) { return zimProbe(x) } }',
      'out = { zimProbe: function f(x) { return zimProbe(x) } }',
    ])
      expect(namedWhereBabelWraps(src)).toBe(src)
  })
})
