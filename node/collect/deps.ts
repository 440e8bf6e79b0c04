import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { UsageError } from '../args'

/*
 * The collector's server packages are not dependencies of zim-netcheck: WeChat's 构建 npm copies every entry of
 * `dependencies` into each host app's miniprogram_npm, and DuckDB is a native module (tens of MB) no bundle can
 * hold. So `collect` finds them at run time: where Node finds them (this repository's devDependencies, or a
 * project that installed them), else in its own cache folder, which the first `collect` fills with npm from
 * the registry, saying so in one line (ZIM_COLLECT_INSTALL=none forbids it: then one line says what to run).
 * The other commands never load any of this (node/cli.ts requires a command's module when it runs).
 */

/** Pinned as in package.json's devDependencies (test/collect/deps.test.ts keeps them equal). */
export const SERVER_PACKAGES = {
  fastify: '5.12.8',
  '@fastify/rate-limit': '11.2.0',
  '@duckdb/node-api': '1.5.6-r.1',
  '@clickhouse/client': '1.23.1',
} as const
export type ServerPackage = keyof typeof SERVER_PACKAGES

export const cacheDir = (env: Record<string, string | undefined>): string =>
  env.ZIM_COLLECT_DIR ||
  join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'zim-netcheck', 'collector-deps')

const missing = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code === 'MODULE_NOT_FOUND'

export interface LoadOptions {
  env: Record<string, string | undefined>
  /** One line of progress (stderr). */
  note: (line: string) => void
  /** Node's own resolution; tests pass one that finds nothing. */
  resolve?: (name: string) => unknown
}

/** Loads the named packages; installs the missing ones into the cache folder once, unless forbidden. */
export function loadServerPackages<K extends ServerPackage>(
  names: readonly K[],
  o: LoadOptions,
): Record<K, unknown> {
  const own = o.resolve ?? createRequire(__filename)
  const dir = cacheDir(o.env)
  const fromCache = createRequire(join(dir, 'package.json'))
  const out = {} as Record<K, unknown>
  const absent: K[] = []
  for (const n of names) {
    try {
      out[n] = own(n)
    } catch (e) {
      if (!missing(e)) throw e
      try {
        out[n] = fromCache(n)
      } catch (e2) {
        if (!missing(e2)) throw e2
        absent.push(n)
      }
    }
  }
  if (!absent.length) return out
  const specs = absent.map((n) => `${n}@${SERVER_PACKAGES[n]}`)
  if (o.env.ZIM_COLLECT_INSTALL === 'none')
    throw new UsageError(
      `collect needs ${absent.join(', ')}: run \`npm i ${specs.join(' ')}\` here (or unset ZIM_COLLECT_INSTALL to let collect install them into ${dir})`,
    )
  o.note(`collect: installing ${specs.join(' ')} into ${dir} (once, from the npm registry)…`)
  mkdirSync(dir, { recursive: true })
  if (!existsSync(join(dir, 'package.json')))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'zim-collector-deps', private: true }))
  try {
    execFileSync(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      ['install', '--no-audit', '--no-fund', '--save-exact', '--loglevel=error', ...specs],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    )
  } catch (e) {
    const why = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message)
      .split('\n')
      .find((l) => l.trim())
    throw new UsageError(
      `collect: could not install ${specs.join(' ')} (${why ?? 'npm failed'}); run \`npm i ${specs.join(' ')}\` and try again`,
    )
  }
  for (const n of absent) out[n] = fromCache(n)
  return out
}
