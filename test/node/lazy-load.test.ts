import { spawn } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, cliEnv, runCliAsync } from '../helpers/cli'
import { startTestServers, TestServers } from '../helpers/servers'

const PRELOAD = join(__dirname, '../helpers/loaded-modules.js')

/**
 * What one CLI process loads: module paths, then node: built-ins in the order first required, with `connect` at
 * its first connection (test/helpers/loaded-modules.js). Spawned without blocking: the servers answering its
 * probes run in this process.
 */
async function loadedBy(args: string[], report?: (stdout: string) => void): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'zim-lazy-'))
  try {
    const out = join(dir, 'loaded.txt')
    const r = await runCliAsync(['-r', PRELOAD, BIN, ...args], 30_000, cliEnv({ ZIM_LOADED_OUT: out }), [])
    expect(r.status).toBe(0)
    report?.(r.stdout)
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
    async (args) => {
      const loaded = await loadedBy(args)
      expect(loaded.some((f) => /[\\/]bin[\\/]zim-netcheck\.js$/.test(f))).toBe(true)
      expect(loaded).toContain('builtin:vm')
      for (const b of [...PROBE_BUILTINS, WS_BUILTIN]) expect(loaded).not.toContain(b)
      // node:crypto reads --cacert's certificates, and is not loaded without it.
      expect(loaded).not.toContain('builtin:crypto')
    },
  )

  it('output to /dev/null is not asked whether it is a terminal: node:tty is not loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zim-lazy-'))
    const out = join(dir, 'loaded.txt')
    const devNull = openSync('/dev/null', 'w')
    try {
      const child = spawn(process.execPath, ['-r', PRELOAD, BIN, 'domains', '--sdk', '2.13.0'], {
        stdio: ['ignore', devNull, devNull],
        env: cliEnv({ ZIM_LOADED_OUT: out }),
      })
      const status = await new Promise((resolve) => child.on('close', resolve))
      expect(status).toBe(0)
      expect(readFileSync(out, 'utf8').split('\n')).not.toContain('builtin:tty')
    } finally {
      closeSync(devNull)
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a probe whose connection is refused never loads the protocol: https, tls and ws wait for TCP', async () => {
    // Every name resolves to loopback, where nothing listens on 443: the run ends at once and nothing leaves
    // the machine.
    for (const only of ['request', 'socket']) {
      const loaded = await loadedBy(probeArgs(only, ['--resolve', '*:443:127.0.0.1']))
      expect(loaded).toContain('connect')
      for (const b of [...PROBE_BUILTINS, WS_BUILTIN]) expect(loaded).not.toContain(b)
      // node:crypto reads --cacert's certificates, and is not loaded without it.
      expect(loaded).not.toContain('builtin:crypto')
    }
  })

  describe('against real servers on loopback', () => {
    const hosts = ['api.lazy.test', 'gw.lazy.test']
    let servers: TestServers
    let catalog: string
    const dir = mkdtempSync(join(tmpdir(), 'zim-lazy-cat-'))
    beforeAll(async () => {
      servers = await startTestServers(hosts)
      catalog = join(dir, 'catalog.json')
      writeFileSync(
        catalog,
        JSON.stringify({
          schema: 'zim-netcheck/catalog@1',
          source: { name: 'lazy', date: '2026-12-06', rows: 2 },
          purposes: {},
          rows: [
            { category: 'request', url: 'https://api.lazy.test', purpose: 'config', range: '2.0.0 及以上' },
            { category: 'socket', url: 'wss://gw.lazy.test', purpose: 'access', range: '2.0.0 及以上' },
          ],
        }),
      )
    })
    afterAll(async () => {
      await servers.close()
      rmSync(dir, { recursive: true, force: true })
    })
    const routed = (only: string) => {
      const extra = ['--catalog', catalog, '--cacert', servers.caFile, '--json']
      for (const e of servers.connectTo(Object.fromEntries(hosts.map((h) => [h, 'ok' as const]))))
        extra.push('--connect-to', `${e.host}:${e.port}:${e.connectHost}:${e.connectPort}`)
      return probeArgs(only, extra, '2.13.0')
    }

    it('HTTP probes load https and tls once the first connection is under way, never ws or http2', async () => {
      const loaded = await loadedBy(routed('request'), passed)
      const at = (name: string) => loaded.indexOf(name)
      expect(at('connect')).toBeGreaterThan(-1)
      expect(at('builtin:https')).toBeGreaterThan(at('connect'))
      expect(at('builtin:tls')).toBeGreaterThan(at('connect'))
      expect(loaded).not.toContain(WS_BUILTIN)
      expect(loaded).not.toContain('builtin:http2')
    })

    it('a WebSocket probe loads ws once its connection is under way', async () => {
      const loaded = await loadedBy(routed('socket'), passed)
      expect(loaded.indexOf('connect')).toBeGreaterThan(-1)
      expect(loaded.indexOf(WS_BUILTIN)).toBeGreaterThan(loaded.indexOf('connect'))
    })
  })
})

/** The run's one probe passed: the servers answered, so the protocol really ran. */
function passed(stdout: string): void {
  const report = JSON.parse(stdout)
  expect([report.summary, report.results[0]]).toMatchObject([{ total: 1, pass: 1 }, { status: 'pass' }])
}

function probeArgs(only: string, extra: string[], sdk = '2.13.0'): string[] {
  return ['probe', '--sdk', sdk, '--only', only, '--timeout', '3000', '--exit-zero', ...extra]
}
