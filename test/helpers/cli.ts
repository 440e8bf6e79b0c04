import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'

export const BIN = join(__dirname, '../../bin/zim-netcheck.js')

export interface CliRun {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs the built CLI as a user would (`npm test` builds it first). */
export function runCli(args: string[], input?: string, timeoutMs = 60_000): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: timeoutMs })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Like runCli, without blocking this process: for tests whose servers live in this process. */
export function runCliAsync(args: string[], timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
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
