import { INTAKE_LIMITS, jsonDepth, readBody } from '../../node/collect/intake'
import { fleetReport } from './shared-suite'
import { mulberry32 } from '../helpers/random'

/*
 * The collector's nesting check (node/collect/intake.ts) jumps over strings with indexOf instead of reading them
 * a character at a time. Its answers are the character loop's (kept here as the oracle) on every input: random
 * texts made of the characters that matter (brackets, quotes, backslashes), the edge cases by name, and reports.
 */

/** The character-by-character form it replaced. */
function depthOracle(text: string, limit: number): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 || c === 91) {
      if (++depth > max && (max = depth) > limit) return max
    } else if (c === 125 || c === 93) depth--
  }
  return max
}

test('the same depth as the character loop: named edge cases', () => {
  const cases = [
    '',
    '"',
    '"\\',
    '"\\"',
    '"\\\\"[',
    '"\\\\\\"[',
    '["a\\\\\\\\"]',
    '{"a":"[[[[\\"[[["}',
    '[[{"a":[1]}]]',
    '[["unterminated [[[[',
    '"\\"\\"\\"[[["[',
    '}}}[[',
    '[' + '"\\\\"'.repeat(5) + '[',
  ]
  for (const t of cases)
    for (const limit of [0, 1, 2, 32])
      expect([t, limit, jsonDepth(t, limit)]).toEqual([t, limit, depthOracle(t, limit)])
})

test('the same depth as the character loop: 20,000 random texts of brackets, quotes and backslashes', () => {
  const next = mulberry32(32)
  const alphabet = '[]{}"\\\\""a:,'
  for (let k = 0; k < 20_000; k++) {
    const len = Math.floor(next() * 40)
    let t = ''
    for (let i = 0; i < len; i++) t += alphabet[Math.floor(next() * alphabet.length)]
    const limit = Math.floor(next() * 6)
    if (jsonDepth(t, limit) !== depthOracle(t, limit))
      expect({ t, limit, got: jsonDepth(t, limit) }).toEqual({ t, limit, got: depthOracle(t, limit) })
  }
})

test('reports: their depth, and nesting past the limit refused with the same line as before', () => {
  for (let k = 0; k < 24; k++) {
    const text = JSON.stringify(fleetReport(k))
    expect(jsonDepth(text, INTAKE_LIMITS.depth)).toBe(depthOracle(text, INTAKE_LIMITS.depth))
  }
  const deep = JSON.stringify({ ...fleetReport(0), extra: JSON.parse('['.repeat(40) + ']'.repeat(40)) })
  expect(readBody(deep)).toEqual({
    ok: false,
    error: `JSON nested deeper than ${INTAKE_LIMITS.depth} levels: not a report`,
  })
  // Brackets inside a string (escaped quotes around them) are not nesting: the report is read.
  const quoted = JSON.stringify({ ...fleetReport(1), note: '\\"' + '['.repeat(40) + '\\"' })
  expect(jsonDepth(quoted, INTAKE_LIMITS.depth)).toBe(depthOracle(quoted, INTAKE_LIMITS.depth))
  expect(jsonDepth(quoted, INTAKE_LIMITS.depth)).toBeLessThanOrEqual(INTAKE_LIMITS.depth)
})
