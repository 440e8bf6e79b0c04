import Papa from 'papaparse'

/**
 * A cell a spreadsheet would run as a formula (CSV injection, OWASP): starting with = + - @ TAB or CR, also
 * after leading spaces. Such text cells get a leading `'`. papaparse's own `escapeFormulae: true` pattern
 * (`/^[=+\-@\t\r].*$/`) misses a formula followed by a line break, so the pattern is given here.
 */
export const FORMULA_START = /^\s*[=+\-@\t\r]/

/**
 * Rows as CSV (RFC 4180 quoting by papaparse, CRLF), with a UTF-8 byte-order mark so spreadsheet programs
 * read the Chinese text. Numbers stay numbers (a negative errno is not a formula).
 */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return (
    '\uFEFF' + Papa.unparse(rows as (string | number)[][], { escapeFormulae: FORMULA_START, newline: '\r\n' })
  )
}
