// tools/build-dist.js babelProofed: the chunks say what they said without the three patterns for which WeChat's
// upload compiler writes @babel/runtime helpers into the main package (test/host-app/subpackage.test.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { babelProof, babelProofed } = require('../../tools/build-dist.js') as {
  babelProof: (code: string) => { edits: [number, number, string][] }
  babelProofed: (code: string) => string
}

const VALUES = `[null, undefined, 0, NaN, '', 'x', true, {}, [], function () {}, Symbol('s'), BigInt(1), new String('s')]`

/** Runs `body` (a function of `v`) over VALUES, before and after the rewrite. */
function both(body: string): [unknown, unknown] {
  const src = `function f(v) { ${body} }\nout = ${VALUES}.map(function (v) { try { return f(v) } catch (e) { return 'throws' } })`
  const run = (code: string) => new Function(`var out; ${code}; return out`)()
  return [run(src), run(babelProofed(src))]
}

describe('build:dist babelProofed', () => {
  it.each([
    'return typeof v === "object"',
    'return typeof v !== "object"',
    'return "object" == typeof v',
    'return typeof v === "symbol"',
    'switch (typeof v) { case "object": return 1; case "symbol": return 2; case "bigint": return 3; default: return 0 }',
    'return "type " + typeof v',
    'return typeof v === "string" && typeof v !== "number"',
  ])('%s: the same answer for every kind of value, and nothing left to rewrite', (body) => {
    const [before, after] = both(body)
    expect(after).toEqual(before)
    const src = `function f(v) { ${body} }`
    expect(babelProof(babelProofed(src)).edits).toEqual([])
  })

  it('leaves alone what Babel leaves alone (typeof compared with another literal)', () => {
    const src = 'var a = typeof x === "function" || typeof y !== "undefined"'
    expect(babelProofed(src)).toBe(src)
  })

  it('a global that may not exist stays safe to ask about', () => {
    const code = babelProofed(
      'var t = typeof notDeclaredAnywhere; var u = typeof notDeclaredAnywhere === "object"',
    )
    const run = new Function(`${code}; return [t, u]`)
    expect(run()).toEqual(['undefined', false])
  })

  it('.includes on arrays and strings becomes indexOf, with the same answers', () => {
    const src = `var a = ['x', 'y', 1]; var s = 'hello'; out = [a.includes('y'), a.includes('z'), a.includes(1), s.includes('ell'), s.includes(''), s.includes('l', 4), [2].includes(2)]`
    const proofed = babelProofed(src)
    expect(proofed).not.toMatch(/\.includes\b/)
    const run = (code: string) => new Function(`var out; ${code}; return out`)()
    expect(run(proofed)).toEqual(run(src))
    expect(run(src)).toEqual([true, false, true, true, true, false, true])
  })

  it('Object.entries becomes __entries, with the same pairs in the same order', () => {
    const src = `out = Object.entries({ b: 1, a: [2], 3: 'c' })`
    const proofed = babelProofed(src)
    expect(proofed).not.toMatch(/Object\.entries/)
    const run = (code: string) => new Function(`var out; ${code}; return out`)()
    expect(run(proofed)).toEqual(run(src))
  })

  it('refuses what it does not rewrite, naming it', () => {
    expect(() => babelProofed('var f = [].includes')).toThrow(/bare \.includes/)
    expect(() => babelProofed('var v = Object.values(o)')).toThrow(/Object\.values/)
  })
})
