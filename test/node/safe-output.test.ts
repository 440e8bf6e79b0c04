import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Report } from '../../miniprogram/core/report'
import { runCli } from '../helpers/cli'
import { report2130 } from '../helpers/reports'

// Everything a report or a share link carries came from the network or from someone else's file: printed on a
// terminal, none of it may move the cursor, recolour, retitle the window or reorder text.
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
const OPENSSL =
  '803C86D6BD7F0000:error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../deps/openssl/openssl/ssl/statem/statem_clnt.c:1889:\n'

function hostileReport(): Report {
  const report = report2130()
  const fail = report.results.findIndex((r) => r.status === 'fail')
  const pass = report.results.findIndex((r) => r.status === 'pass')
  const r = report.results[fail]
  r.error = {
    category: 'tls',
    errMsg: `\x1b]0;pwned\x07\x1b[2J\x1b[31mred\r\n${OPENSSL}\u202egnp.exe\x9b31m`,
  }
  report.results[pass].after = 'body: reset\x1b[1A\x1b[K after 1.2 KB \u2066x\u2069'
  report.warnings.push('note with \x1b[5mblink\x1b[0m and \u202eevil')
  report.sdk.input = '2.13.0\x1b[8m'
  return report
}

const dir = mkdtempSync(join(tmpdir(), 'zim-safe-'))
const file = join(dir, 'hostile.json')
const report = hostileReport()
writeFileSync(file, JSON.stringify(report))

describe('output from a hostile report is safe on a terminal', () => {
  it.each([[[]], [['--markdown']], [['--text']]])(
    'report %j: no control, escape or bidi character',
    (flags) => {
      const r = runCli(['report', file, ...flags])
      expect(r.stderr).toBe('')
      expect(r.status).toBe(0)
      expect(r.stdout).not.toMatch(UNSAFE)
      expect(r.stdout).not.toMatch(/deps\/openssl|statem_clnt\.c/)
      // Still readable: the escapes are shown, not dropped, and the OpenSSL reason survives on one line.
      if (flags.length === 0 || flags[0] !== '--text') expect(r.stdout).toContain('body: reset\\x1b[1A')
      expect(r.stdout).toContain('SSL routines:tls_post_process_server_certificate:certificate verify failed')
      expect(r.stdout).toContain('\\u202egnp.exe')
    },
  )

  it('report --json: escaped, and parses back to the same report', () => {
    const r = runCli(['report', file, '--json'])
    expect(r.status).toBe(0)
    expect(r.stdout).not.toMatch(UNSAFE)
    expect(JSON.parse(r.stdout)).toEqual(report)
  })

  it('stderr: a bad argument with escapes is named harmlessly', () => {
    const r = runCli(['report', 'x\x1b[2J\u202e.json'])
    expect(r.status).toBe(2)
    expect(r.stderr).not.toMatch(UNSAFE)
    expect(r.stderr).toContain('x\\x1b[2J\\u202e.json')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('classify: JSON lines with the message escaped', () => {
    const r = runCli(['classify', `boom \x1b[31m\u202e ${OPENSSL}`])
    expect(r.status).toBe(0)
    expect(r.stdout).not.toMatch(UNSAFE)
    expect(JSON.parse(r.stdout).category).toBe('tls')
  })
})
