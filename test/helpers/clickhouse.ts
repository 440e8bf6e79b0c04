import { ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/*
 * A real ClickHouse server for the collector's shared suite: Debian's clickhouse-server package (installed on
 * first use with apt as root, as the tests install miniprogram-ci and Chromium; ZIM_CLICKHOUSE_INSTALL=none
 * forbids it), on a loopback port, with its own data folder under a temp dir, stopped after the suite.
 */

const BINARY = process.env.CLICKHOUSE_SERVER || '/usr/sbin/clickhouse-server'

/** The binary, installing the package if it can; else why not, in one line. */
export function ensureClickHouse(): { ok: true; binary: string } | { ok: false; why: string } {
  if (existsSync(BINARY)) return { ok: true, binary: BINARY }
  if (process.env.ZIM_CLICKHOUSE_INSTALL === 'none')
    return { ok: false, why: `no ${BINARY} and ZIM_CLICKHOUSE_INSTALL=none` }
  if (process.getuid?.() !== 0)
    return { ok: false, why: `no ${BINARY}; as root: apt-get install clickhouse-server` }
  try {
    process.stderr.write('collector tests: installing clickhouse-server with apt-get (once)…\n')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    try {
      execFileSync('apt-get', ['install', '-y', '-q', 'clickhouse-server'], { stdio: 'ignore', env })
    } catch {
      execFileSync('apt-get', ['update', '-q'], { stdio: 'ignore', env })
      execFileSync('apt-get', ['install', '-y', '-q', 'clickhouse-server'], { stdio: 'ignore', env })
    }
  } catch (e) {
    return {
      ok: false,
      why: `apt-get install clickhouse-server failed (${(e as Error).message.split('\n')[0]})`,
    }
  }
  return existsSync(BINARY) ? { ok: true, binary: BINARY } : { ok: false, why: `no ${BINARY} after apt-get` }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

export interface ClickHouseServer {
  url: string
  /** The server's process (the bench reads its CPU time). */
  pid: number
  stop: () => Promise<void>
}

/**
 * Starts a server (HTTP only, 127.0.0.1) and waits until it answers /ping, polling at most ~60 s. Its folder is made
 * under `parent` (the system's temp folder unless given).
 */
export async function startClickHouse(binary: string, parent = tmpdir()): Promise<ClickHouseServer> {
  const dir = mkdtempSync(join(parent, 'zim-ch-'))
  const data = join(dir, 'data') + '/'
  mkdirSync(data, { recursive: true })
  const port = await freePort()
  writeFileSync(
    join(dir, 'users.xml'),
    `<?xml version="1.0"?><yandex><profiles><default></default></profiles><users><default><password></password>
<networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
<quotas><default></default></quotas></yandex>`,
  )
  writeFileSync(
    join(dir, 'config.xml'),
    `<?xml version="1.0"?><yandex><logger><level>error</level><console>1</console></logger>
<http_port>${port}</http_port><listen_host>127.0.0.1</listen_host>
<path>${data}</path><tmp_path>${data}tmp/</tmp_path><user_files_path>${data}user_files/</user_files_path>
<format_schema_path>${data}format_schemas/</format_schema_path><mark_cache_size>5368709120</mark_cache_size>
<users_config>${join(dir, 'users.xml')}</users_config><default_profile>default</default_profile>
<default_database>default</default_database><timezone>UTC</timezone></yandex>`,
  )
  const child: ChildProcess = spawn(binary, [`--config-file=${join(dir, 'config.xml')}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL')
      await new Promise((r) => child.once('exit', r))
    }
    rmSync(dir, { recursive: true, force: true })
  }
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) break
    try {
      const r = await fetch(`${url}/ping`)
      if (r.ok) return { url, pid: child.pid!, stop }
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  await stop()
  throw new Error(`clickhouse-server did not start: ${stderr.trim().split('\n').pop() ?? 'no output'}`)
}
