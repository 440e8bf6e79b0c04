import { safeField, safeJson, safeOutput, trimOpenSsl } from '../../miniprogram/core/sanitize'

describe('sanitize', () => {
  it('safeOutput keeps text, LF and TAB; shows every other control as an escape', () => {
    expect(safeOutput('a\tb\nc')).toBe('a\tb\nc')
    expect(safeOutput('\x1b[31mred\x1b[0m')).toBe('\\x1b[31mred\\x1b[0m')
    expect(safeOutput('x\ry\x00\x7f\x9b\x85')).toBe('x\\x0dy\\x00\\x7f\\x9b\\x85')
    expect(safeOutput('a\u202eb\u2066c\u2069\u200f\u2028')).toBe('a\\u202eb\\u2066c\\u2069\\u200f\\u2028')
    expect(safeOutput('中文 ✓ — ok')).toBe('中文 ✓ — ok')
  })

  it('safeField: one line, trimmed, capped', () => {
    expect(safeField('a\r\nb\nc\td ')).toBe('a b c d')
    expect(safeField(undefined)).toBe('')
    expect(safeField('x'.repeat(500), 10)).toBe('x'.repeat(9) + '…')
    expect(safeField(safeField('\x1bz'))).toBe('\\x1bz') // idempotent
  })

  it.each([
    [
      '803C86D6BD7F0000:error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../deps/openssl/openssl/ssl/statem/statem_clnt.c:1889:\n',
      'error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed',
    ],
    [
      'write EPROTO 40E7C1D1F17F0000:error:0A000460:SSL routines:ssl3_read_bytes:tlsv1 alert no application protocol:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 120\n',
      'write EPROTO error:0A000460:SSL routines:ssl3_read_bytes:tlsv1 alert no application protocol (SSL alert number 120)',
    ],
    [
      'C:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:C:\\ws\\deps\\openssl\\ssl\\record\\ssl3_record.c:354:',
      'C:error:0A00010B:SSL routines:ssl3_get_record:wrong version number',
    ],
    ['connect ECONNREFUSED 127.0.0.1:443', 'connect ECONNREFUSED 127.0.0.1:443'],
  ])('trimOpenSsl(%j)', (raw, want) => {
    expect(trimOpenSsl(raw)).toBe(want)
    expect(safeField(raw)).toBe(want)
  })

  it('safeJson escapes what JSON.stringify leaves raw, and the value is unchanged', () => {
    const value = { a: '\x1b[2J\u202e\x9b\u2028', b: ['ok'] }
    const json = safeJson(JSON.stringify(value))
    expect(json).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e\u2028]/)
    expect(JSON.parse(json)).toEqual(value)
  })
})

describe('trimOpenSsl and safeField: the edges', () => {
  it('lines split on a bare LF too, each trimmed, joined with "; "', () => {
    expect(trimOpenSsl('X:error:0A000086:SSL routines:f:bad thing\n   second line  \n')).toBe(
      'X:error:0A000086:SSL routines:f:bad thing; second line',
    )
    expect(trimOpenSsl('X:error:0A000086:SSL routines:f:bad\r\nnext')).toBe(
      'X:error:0A000086:SSL routines:f:bad; next',
    )
  })

  it('a source path is dropped with or without its last colon; a file name without a path is kept', () => {
    expect(trimOpenSsl('X:error:0A000086:SSL routines:f:reason:../ssl/statem/x.c:1889')).toBe(
      'X:error:0A000086:SSL routines:f:reason',
    )
    expect(trimOpenSsl('X:error:0A000086:SSL routines:f:reason:foo.c:12')).toBe(
      'X:error:0A000086:SSL routines:f:reason:foo.c:12',
    )
  })

  it('only trailing colons and spaces go: the last word after a colon stays', () => {
    expect(trimOpenSsl('X:error:0A000086:SSL routines:f:badness')).toBe(
      'X:error:0A000086:SSL routines:f:badness',
    )
    expect(trimOpenSsl('X:error:0A000086:SSL routines:f:badness::  ')).toBe(
      'X:error:0A000086:SSL routines:f:badness',
    )
  })

  it('safeField keeps a value of exactly `max` characters whole, cuts one more', () => {
    expect(safeField('abcde', 5)).toBe('abcde')
    expect(safeField('abcdef', 5)).toBe('abcd…')
    expect(safeField('x'.repeat(300))).toBe('x'.repeat(300))
    expect(safeField('x'.repeat(301))).toBe('x'.repeat(299) + '…')
  })
})
