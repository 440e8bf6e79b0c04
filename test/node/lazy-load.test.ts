import { spawn, spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
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
// ws alone needs zlib (permessage-deflate). `probe` runs a bundle of its own, the CLI without the other commands.
const PROBE_BUILTINS = ['builtin:https', 'builtin:http2', 'builtin:tls']
const WS_BUILTIN = 'builtin:zlib'
/** What a probe needs of Node before its first connection opens: nothing but node:net to open it. */
const NOT_BEFORE_CONNECT = [
  'builtin:crypto',
  'builtin:perf_hooks',
  'builtin:os',
  'builtin:tty',
  ...PROBE_BUILTINS,
]
/** The bundles bin/ compiled (test/helpers/loaded-modules.js), by file name. */
const scripts = (loaded: string[]) =>
  loaded.filter((l) => l.startsWith('script:')).map((l) => l.replace(/^.*[\\/]/, ''))

describe('CLI start-up loads only what the command needs', () => {
  it.each([[['--help']], [['domains', '--sdk', '2.13.0']], [['whitelist', '--sdk', 'latest']]])(
    '%j does not load the probe stack',
    async (args) => {
      const loaded = await loadedBy(args)
      expect(loaded.some((f) => /[\\/]bin[\\/]zim-netcheck\.js$/.test(f))).toBe(true)
      expect(loaded).toContain('builtin:vm')
      expect(scripts(loaded)).toEqual(['zim-netcheck.js'])
      for (const b of [...PROBE_BUILTINS, WS_BUILTIN]) expect(loaded).not.toContain(b)
      // node:crypto reads --cacert's certificates, and is not loaded without it.
      expect(loaded).not.toContain('builtin:crypto')
    },
  )

  it.each([[['probe']], [['--lang', 'zh', 'probe']], [['--lang=en', 'probe']]])(
    '%j runs the probe-only bundle',
    async (head) => {
      const loaded = await loadedBy([
        ...head,
        ...probeArgs('request', ['--resolve', '*:443:127.0.0.1']).slice(1),
      ])
      expect(scripts(loaded)).toEqual(['zim-netcheck-probe.js'])
    },
  )

  it.each([[['help', 'probe']], [['--help', 'probe']], [['-V', 'probe']]])(
    '%j is not the probe command: the full bundle',
    async (args) => {
      expect(scripts(await loadedBy(args))).toEqual(['zim-netcheck.js'])
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

  it('the probe bundle holds no other command: it hands one to the full bundle, which prints the same', () => {
    // bin/ never gives it one (see commandOf in bin/); were it given, the run is the full bundle's.
    const dir = join(BIN, '..', '..', 'build', 'cli')
    const viaProbe = (args: string[]) =>
      spawnSync(process.execPath, ['-e', mainOf(join(dir, 'zim-netcheck-probe.js'), args)], {
        encoding: 'utf8',
        env: cliEnv(),
      })
    const direct = (args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: cliEnv() })
    for (const args of [
      ['--lang', 'zh', 'domains', '--sdk', '2.12.1'],
      ['whitelist', '--sdk', 'x'],
    ]) {
      const [a, b] = [viaProbe(args), direct(args)]
      expect(a.stdout + a.stderr).toMatch(/2\.12\.1|"x" is not an SDK version/)
      expect([a.status, a.stdout, a.stderr]).toEqual([b.status, b.stdout, b.stderr])
    }
    // What only other commands load is not in it at all.
    const modules = (file: string) =>
      Array.from(
        readFileSync(join(dir, file), 'latin1').matchAll(/__(?:esm|commonJS)\(\{"([^"]+)"/g),
        (m) => m[1],
      )
    const inProbe = modules('zim-netcheck-probe.js')
    expect(inProbe).toEqual(expect.arrayContaining(['node/commands/probe.ts', 'node/probe/call.ts']))
    const others =
      /^node\/commands\/(?!probe\.ts)|^node\/catalog-import|^node_modules\/(?:parse5|papaparse)\/|^web\//
    expect(inProbe.filter((m) => others.test(m))).toEqual([])
    expect(modules('zim-netcheck.js').filter((m) => others.test(m)).length).toBeGreaterThan(20)
  })

  it('a probe whose connection is refused never loads the protocol: https, tls and ws wait for TCP', async () => {
    // Every name resolves to loopback, where nothing listens on 443: the run ends at once and nothing leaves
    // the machine.
    for (const only of ['request', 'socket']) {
      const loaded = await loadedBy(probeArgs(only, ['--resolve', '*:443:127.0.0.1']))
      expect(loaded).toContain('connect')
      for (const b of [...NOT_BEFORE_CONNECT, WS_BUILTIN]) expect(loaded).not.toContain(b)
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
      // --cacert is given: its certificates are parsed (node:crypto) once the connection is opening too, after
      // Node really opened it.
      expect(at('builtin:crypto')).toBeGreaterThan(at('syn'))
      expect(at('syn')).toBeGreaterThan(at('connect'))
      // Node's first socket close reads process.stderr, which creates it: made before, as the connection opens.
      expect(at('stderr')).toBeGreaterThan(at('syn'))
      expect(at('destroy')).toBeGreaterThan(at('stderr'))
      for (const b of NOT_BEFORE_CONNECT) if (loaded.includes(b)) expect(at(b)).toBeGreaterThan(at('connect'))
      expect(loaded).not.toContain(WS_BUILTIN)
      expect(loaded).not.toContain('builtin:http2')
    })

    it('a --cacert OpenSSL cannot parse is refused, exit 2, before any TLS byte leaves (its check runs as TCP opens)', async () => {
      // A listener that only counts what reaches it: no ClientHello may arrive.
      let bytes = 0
      const sockets = new Set<Socket>()
      const raw = createServer((s) => {
        sockets.add(s)
        s.on('data', (d) => (bytes += d.length)).on('error', () => undefined)
      })
      await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r))
      const port = (raw.address() as AddressInfo).port
      const bad = join(dir, 'bad.pem')
      writeFileSync(
        bad,
        `${servers.caPem.trim()}\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`,
      )
      try {
        const args = probeArgs('request', [
          '--catalog',
          catalog,
          '--cacert',
          bad,
          '--connect-to',
          `::127.0.0.1:${port}`,
        ])
        const r = await runCliAsync(args, 30_000)
        expect([r.status, r.stdout]).toEqual([2, ''])
        expect(r.stderr).toMatch(
          /^zim-netcheck probe: --cacert \S+bad\.pem: certificate 2 cannot be parsed: .*wrong tag\n$/,
        )
        expect(bytes).toBe(0)
      } finally {
        for (const s of sockets) s.destroy()
        await new Promise((r) => raw.close(r))
      }
    })

    it('a WebSocket probe loads ws once its connection is under way', async () => {
      const loaded = await loadedBy(routed('socket'), passed)
      expect(loaded.indexOf('connect')).toBeGreaterThan(-1)
      expect(loaded.indexOf(WS_BUILTIN)).toBeGreaterThan(loaded.indexOf('connect'))
    })
  })
})

/** A script running a bundle's main() on `args`, as bin/ does. */
function mainOf(bundle: string, args: string[]): string {
  return `const m = require(${JSON.stringify(bundle)}); m.main(${JSON.stringify(args)}, m.processIo()).then((c) => (process.exitCode = c))`
}

/** The run's one probe passed: the servers answered, so the protocol really ran. */
function passed(stdout: string): void {
  const report = JSON.parse(stdout)
  expect([report.summary, report.results[0]]).toMatchObject([{ total: 1, pass: 1 }, { status: 'pass' }])
}

function probeArgs(only: string, extra: string[], sdk = '2.13.0'): string[] {
  return ['probe', '--sdk', sdk, '--only', only, '--timeout', '3000', '--exit-zero', ...extra]
}
