import semverCompare from 'semver/functions/compare'
import prerelease from 'semver/functions/prerelease'
import valid from 'semver/functions/valid'
import { compare, parseVersion } from '../../miniprogram/core/resolver'

// The resolver reads and compares versions without semver in the mini-program; semver stays the oracle here.

/** A deterministic stream of version-like strings: good ones, and each way of being almost one. */
function* candidates(): Generator<string> {
  const nums = [
    '0',
    '1',
    '2',
    '9',
    '10',
    '13',
    '01',
    '00',
    '999999999',
    '9007199254740991',
    '9007199254740992',
    '',
  ]
  const tails = [
    '',
    '-beta.1',
    '-rc',
    '-0',
    '-01',
    '-alpha-1',
    '-1a',
    '-',
    '-a..b',
    '+build.5',
    '+b',
    '+',
    '-beta+exp.sha.5114f85',
    '-x.7.z.92',
    '-α',
    ' ',
  ]
  for (const a of nums)
    for (const b of nums)
      for (const c of ['0', '5', '01', '12']) for (const t of tails) yield `${a}.${b}.${c}${t}`
  yield* [
    '1.2',
    '1',
    '1.2.3.4',
    'a.b.c',
    '1.2.x',
    ' 1.2.3',
    '1.2.3 ',
    '=1.2.3',
    '1.2.3-' + 'x'.repeat(260),
    '1.-2.3',
  ]
}

describe('parseVersion reads what semver valid() reads', () => {
  it('on every candidate: the same version or none, and the same prerelease verdict', () => {
    let n = 0
    for (const text of candidates()) {
      n++
      // semver trims; the resolver has trimmed before it parses, so the oracle gets what the resolver gets.
      const ours = /^\s|\s$/.test(text) ? undefined : parseVersion(text)
      const theirs = /^\s|\s$/.test(text) || text.startsWith('=') ? null : valid(text)
      expect([text, ours?.version ?? null]).toEqual([text, theirs && theirs.replace(/[-+].*$/, '')])
      if (theirs) expect([text, ours?.prerelease]).toEqual([text, prerelease(theirs) !== null])
    }
    expect(n).toBeGreaterThan(2000)
  })
})

describe('compare agrees with semver compare on release versions', () => {
  it('on every pair of a grid', () => {
    const vs = [
      '0.0.0',
      '1.2.0',
      '1.10.0',
      '1.9.9',
      '2.1.5',
      '2.12.0',
      '2.13.0',
      '2.2.0',
      '10.0.0',
      '2.13.1',
      '9007199254740991.0.0',
    ]
    for (const a of vs) for (const b of vs) expect([a, b, compare(a, b)]).toEqual([a, b, semverCompare(a, b)])
  })
})
