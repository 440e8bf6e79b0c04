import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, cliEnv } from '../helpers/cli'

const PRELOAD = join(__dirname, '../helpers/loaded-modules.js')

/** What one CLI process loads: module paths and node: built-ins. */
function loadedBy(args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'zim-lazy-'))
  try {
    const out = join(dir, 'loaded.txt')
    const r = spawnSync(process.execPath, ['-r', PRELOAD, BIN, ...args], {
      encoding: 'utf8',
      env: cliEnv({ ZIM_LOADED_OUT: out }),
      timeout: 30_000,
    })
    expect(r.status).toBe(0)
    return readFileSync(out, 'utf8').split('\n')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// The probe stack: the Node adapter and what only it needs.
const PROBE_STACK = [
  /[\\/]node[\\/]adapter\.js$/,
  /[\\/]node[\\/]proxy\.js$/,
  /[\\/]node_modules[\\/]ws[\\/]/,
]
const PROBE_BUILTINS = ['builtin:https', 'builtin:http2', 'builtin:tls']

describe('CLI start-up loads only what the command needs', () => {
  it.each([[['--help']], [['domains', '--sdk', '2.13.0']], [['whitelist', '--sdk', 'latest']]])(
    '%j does not load the probe stack',
    (args) => {
      const loaded = loadedBy(args)
      expect(loaded.some((f) => /[\\/]node[\\/]cli\.js$/.test(f))).toBe(true)
      for (const pattern of PROBE_STACK) expect(loaded.filter((f) => pattern.test(f))).toEqual([])
      for (const b of PROBE_BUILTINS) expect(loaded).not.toContain(b)
    },
  )

  it('the check can fail: a probe run does load the adapter', () => {
    // Every name resolves to loopback, where nothing listens on 443: the run ends at once and nothing leaves
    // the machine.
    const loaded = loadedBy([
      'probe',
      '--sdk',
      '2.13.0',
      '--only',
      'request',
      '--timeout',
      '500',
      '--resolve',
      '*:443:127.0.0.1',
      '--exit-zero',
    ])
    expect(loaded.some((f) => PROBE_STACK[0].test(f))).toBe(true)
    expect(loaded).toContain('builtin:https')
  })
})
