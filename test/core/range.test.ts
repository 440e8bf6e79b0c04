import satisfies from 'semver/functions/satisfies'
import { CATALOG } from '../../miniprogram/core/catalog'
import { inRange } from '../../miniprogram/core/resolver'

// inRange replaces semver's satisfies() in the mini-program (its range parser is ~14 KB shipped); it must
// give the same answer for every documented range and every version near any bound.
describe('inRange agrees with semver satisfies', () => {
  const bounds = [...new Set(CATALOG.flatMap((e) => [e.range.min, e.range.max].filter(Boolean) as string[]))]
  const versions = new Set<string>(['0.0.1', '1.0.0', '99.0.0'])
  for (const b of bounds) {
    const [x, y, z] = b.split('.').map(Number)
    for (const v of [
      [x, y, z],
      [x, y, z + 1],
      [x, y + 1, 0],
      [x + 1, 0, 0],
      [x, y, Math.max(0, z - 1)],
      [x, Math.max(0, y - 1), 9],
    ])
      versions.add(v.join('.'))
  }

  it.each(CATALOG.map((e, i) => [i, e.range.written, e] as const))('row %i (%s)', (_i, _w, entry) => {
    for (const v of versions)
      expect([v, inRange(v, entry.range)]).toEqual([v, satisfies(v, entry.range.semver)])
  })

  it('tells inside from outside', () => {
    expect(inRange('2.1.5', { written: 'x', semver: '>=1.2.0 <=2.1.5', min: '1.2.0', max: '2.1.5' })).toBe(
      true,
    )
    expect(inRange('2.1.6', { written: 'x', semver: '>=1.2.0 <=2.1.5', min: '1.2.0', max: '2.1.5' })).toBe(
      false,
    )
    expect(inRange('1.1.9', { written: 'x', semver: '>=1.2.0', min: '1.2.0' })).toBe(false)
    expect(inRange('9.0.0', { written: 'x', semver: '>=1.2.0', min: '1.2.0' })).toBe(true)
  })
})
