import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'

export const BIN = join(__dirname, '../../bin/zim-netcheck.js')

export interface CliRun {
  status: number | null
  stdout: string
  stderr: string
}

const PROXY_VARS = /^(?:https?|wss?|all|no)_proxy$/i

/**
 * The environment a CLI test runs in: this process's, without any proxy variable of the machine running the
 * tests (the CLI honours HTTPS_PROXY, NO_PROXY… as curl does), plus `extra`.
 */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!PROXY_VARS.test(k)) env[k] = v
  return { ...env, ...extra }
}

/** Runs the built CLI as a user would (`npm test` builds it first). */
export function runCli(
  args: string[],
  input?: string,
  timeoutMs = 60_000,
  env: NodeJS.ProcessEnv = cliEnv(),
): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: timeoutMs, env })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Like runCli, without blocking this process: for tests whose servers live in this process. */
export function runCliAsync(
  args: string[],
  timeoutMs = 60_000,
  env: NodeJS.ProcessEnv = cliEnv(),
  /** What comes before `args` on node's command line: the CLI, or node options and the CLI. */
  head: string[] = [BIN],
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...head, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
  })
}
