import { spawnSync } from 'node:child_process'
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
