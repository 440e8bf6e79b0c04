import compare from 'semver/functions/compare'
import prerelease from 'semver/functions/prerelease'
import valid from 'semver/functions/valid'
import { compareVersions, readVersion } from '../../miniprogram/core/resolver'
import { mulberry32 } from '../helpers/random'

// The resolver reads versions itself so the mini-program ships no semver; semver stays the oracle: on every
// input below, readVersion says what valid() and prerelease() say, and compareVersions orders as compare().

/** What the resolver used to take from semver: valid()'s version, minus its prerelease, and whether it had one. */
function oracle(s: string): { release: string; pre: boolean } | null {
  const v = valid(s)
  return v === null ? null : { release: v.replace(/-.*$/, ''), pre: prerelease(v) !== null }
}

const PIECES = [
  '0',
  '1',
  '2',
  '13',
  '01',
  '00',
  '9007199254740991',
  '9007199254740992',
  '99999999999999999999',
  '.',
  '.',
  '.',
  '-',
  '-',
  '+',
  'v',
  'V',
  '=',
  ' ',
  '\t',
  '\u00a0',
  'a',
  'beta',
  'rc',
  'x',
  '*',
  '_',
  'Z-9',
  '..',
  '٣',
  '２',
]

/** Identifiers that are valid somewhere. */
const ID = ['0', '1', '7', '13', '2024', 'beta', 'rc', 'alpha-1', '0a', 'x-y']

describe('readVersion reads what semver valid() reads', () => {
  it.each([
    '2.13.0',
    'v2.13.0',
    'V2.13.0',
    ' 2.13.0 ',
    'v 2.13.0',
    '=2.13.0',
    '2.13',
    '2',
    '2.13.0.1',
    '02.13.0',
    '2.013.0',
    '2.13.00',
    '2.13.0-beta.1',
    '2.13.0-0',
    '2.13.0-01',
    '2.13.0-0a',
    '2.13.0-a.01',
    '2.13.0-',
    '2.13.0-.a',
    '2.13.0-a..b',
    '2.13.0+build',
    '2.13.0+b.1',
    '2.13.0+',
    '2.13.0+b..c',
    '2.13.0-rc.1+b.007',
    '2.13.0+b_1',
    '2.13.0-a_b',
    '9007199254740991.0.0',
    '9007199254740992.0.0',
    '1.2.3-99999999999999999999',
    `1.2.3-${'a'.repeat(250)}`,
    `1.2.3-${'a'.repeat(251)}`,
    `1.2.3+${'b'.repeat(250)}`,
    `  1.2.3${' '.repeat(250)}`,
    '１.2.3',
    '1.2.3\n',
    '\n1.2.3',
    '1.2.3 -beta',
    '',
  ])('%j', (s) => {
    expect(readVersion(s)).toEqual(oracle(s))
  })

  it('on 20000 generated strings', () => {
    const r = mulberry32(31)
    let valid = 0
    for (let i = 0; i < 20000; i++) {
      const pick = () => PIECES[Math.floor(r() * PIECES.length)]
      const id = () => (r() < 0.5 ? ID[Math.floor(r() * ID.length)] : pick())
      // Mostly shaped as a version (x.y.z, then -ids and +ids), so that every part is exercised; one piece in
      // each slot may be anything.
      const num = () => (r() < 0.85 ? String(Math.floor(r() * 20)) : pick())
      let s = r() < 0.8 ? `${num()}.${num()}.${num()}` : pick() + pick() + pick()
      if (r() < 0.5) s += `-${id()}` + (r() < 0.5 ? `.${id()}` : '')
      if (r() < 0.4) s += `+${id()}` + (r() < 0.5 ? `.${id()}` : '')
      if (r() < 0.2) s = pick() + s
      if (r() < 0.2) s += pick()
      const want = oracle(s)
      if (want) valid++
      expect([s, readVersion(s)]).toEqual([s, want])
    }
    // The generator must reach both answers often, or the comparison proves little.
    expect(valid).toBeGreaterThan(2000)
    expect(valid).toBeLessThan(18000)
  })
})

describe('compareVersions orders as semver compare()', () => {
  it('on every pair of a grid of releases', () => {
    const vs: string[] = []
    for (const x of [0, 1, 2, 10, 9007199254740991])
      for (const y of [0, 1, 9, 10, 13]) for (const z of [0, 1, 2, 100]) vs.push(`${x}.${y}.${z}`)
    for (const a of vs)
      for (const b of vs) expect([a, b, Math.sign(compareVersions(a, b))]).toEqual([a, b, compare(a, b)])
  })
})
