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

// The CLI is one bundled file (tools/build-cli.js); inside it esbuild keeps each module's body lazy, so what a
// command runs shows in the Node built-ins it requires: the probe stack alone needs https, tls and http2, and
// ws alone needs zlib (permessage-deflate).
const PROBE_BUILTINS = ['builtin:https', 'builtin:http2', 'builtin:tls']
const WS_BUILTIN = 'builtin:zlib'
describe('CLI start-up loads only what the command needs', () => {
  it.each([[['--help']], [['domains', '--sdk', '2.13.0']], [['whitelist', '--sdk', 'latest']]])(
    '%j does not load the probe stack',
    (args) => {
      const loaded = loadedBy(args)
      expect(loaded.some((f) => /[\\/]bin[\\/]zim-netcheck\.js$/.test(f))).toBe(true)
      expect(loaded).toContain('builtin:vm')
      for (const b of [...PROBE_BUILTINS, WS_BUILTIN]) expect(loaded).not.toContain(b)
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
    expect(loaded).toContain('builtin:https')
    expect(loaded).toContain('builtin:tls')
    // HTTP probes only: ws (and so zlib) is never loaded, nor http2 (an h2-only server is rare).
    expect(loaded).not.toContain(WS_BUILTIN)
    expect(loaded).not.toContain('builtin:http2')
  })

  it('the check can fail: a WebSocket probe loads ws', () => {
    const loaded = loadedBy([
      'probe',
      '--sdk',
      '2.13.0',
      '--only',
      'socket',
      '--timeout',
      '500',
      '--resolve',
      '*:443:127.0.0.1',
      '--exit-zero',
    ])
    expect(loaded).toContain(WS_BUILTIN)
  })
})
