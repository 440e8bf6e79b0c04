import { satisfies } from 'semver'
import { CATALOG, parseWrittenRange } from '../../miniprogram/core/catalog'
import { CATEGORY_LABELS, purposeLabel } from '../../miniprogram/core/text'
import { parseSeedTable, seedText } from '../helpers/seed'

const seedRows = parseSeedTable(seedText())

describe('catalog matches the seed table row for row', () => {
  it('has the 63 rows of the seed', () => {
    expect(seedRows).toHaveLength(63)
    expect(CATALOG).toHaveLength(63)
  })

  it.each(seedRows.map((row, i) => [i + 1, row] as const))('row %i', (n, row) => {
    const entry = CATALOG[n - 1]
    expect(entry.row).toBe(n)
    expect(row.categoryCell).toBe(CATEGORY_LABELS[entry.category].zh)
    expect(entry.url).toBe(row.url)
    expect(entry.range.written).toBe(row.range)
    // The description starts with the purpose's Chinese name, e.g. 接入域名：…
    expect(row.description.split('：')[0]).toBe(purposeLabel(entry.purpose, 'zh'))
    expect(entry.id).toBe(`${entry.category}:${entry.url}`)
  })

  it('ids are unique', () => {
    expect(new Set(CATALOG.map((e) => e.id)).size).toBe(CATALOG.length)
  })
})

describe('parseWrittenRange', () => {
  it('turns the documented forms into semver', () => {
    expect(parseWrittenRange('1.2.0 ~ 2.1.5')).toEqual({
      written: '1.2.0 ~ 2.1.5',
      semver: '>=1.2.0 <=2.1.5',
      min: '1.2.0',
      max: '2.1.5',
    })
    expect(parseWrittenRange('2.13.0 及以上')).toEqual({
      written: '2.13.0 及以上',
      semver: '>=2.13.0',
      min: '2.13.0',
    })
  })

  it('bounds are inclusive', () => {
    const r = parseWrittenRange('2.2.0 ~ 2.12.0')
    expect(satisfies('2.2.0', r.semver)).toBe(true)
    expect(satisfies('2.12.0', r.semver)).toBe(true)
    expect(satisfies('2.12.1', r.semver)).toBe(false)
  })

  it('refuses a form the docs never use', () => {
    expect(() => parseWrittenRange('>= 2.0')).toThrow(/unrecognised version range/)
  })
})
