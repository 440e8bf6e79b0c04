import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, cliEnv } from '../helpers/cli'

// The CLI as a terminal user runs it: util-linux's `script` gives the process a real pseudo-terminal, so node/io.ts
// meets a real tty (it loads node:tty only for a character device) rather than an Io object saying so.
const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p))
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zim-netcheck-tty-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** `probe` of the 12 request domains against a closed loopback port, in a terminal, with stderr sent to `stderr`. */
function probeInTerminal(stderr: string): { status: number | null; terminal: string } {
  const probe = [process.execPath, BIN, 'probe', '--sdk', '2.13.0', '--only', 'request', '--timeout', '2000']
  probe.push('--resolve', '*:443:127.0.0.1', '--connect-to', '::127.0.0.1:1', '--json')
  const line = `${probe.map(quote).join(' ')} > ${quote(join(dir, 'out.json'))} ${stderr}; echo "exit=$?"`
  const r = spawnSync(SCRIPT as string, ['-qec', line, '/dev/null'], {
    encoding: 'utf8',
    env: cliEnv({ TERM: 'dumb' }),
    timeout: 60_000,
  })
  return { status: r.status, terminal: r.stdout }
}

;(SCRIPT ? describe : describe.skip)('in a real terminal (util-linux script)', () => {
  it('stdout to a file, stderr the terminal: progress shows on the terminal, the report goes to the file', () => {
    const { terminal } = probeInTerminal('')
    expect(terminal).toMatch(/exit=1/)
    expect(terminal).toMatch(/12\/12/)
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).results).toHaveLength(12)
  })

  it('stderr to a file or to /dev/null (a character device, not a terminal): no progress, same report', () => {
    const err = join(dir, 'err.txt')
    const toFile = probeInTerminal(`2> ${quote(err)}`)
    expect(toFile.terminal).toMatch(/exit=1/)
    expect(readFileSync(err, 'utf8')).not.toMatch(/12\/12/)
    const toNull = probeInTerminal('2> /dev/null')
    expect(toNull.terminal).toMatch(/exit=1/)
    expect(toNull.terminal).not.toMatch(/12\/12/)
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).results).toHaveLength(12)
  })
})
