import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { parse, UsageError } from '../args'
import type { Io } from '../io'

/**
 * `copy-dist <dir>`: the package's mini-program files (miniprogram_dist/) copied into a host project's source
 * tree, for the frameworks that never run WeChat's 构建 npm on node_modules (uni-app's `wxcomponents/`, a Taro
 * or other folder). Run it from the host's package.json (a `pre…` script of its build), so the copy follows each
 * `npm i zim-netcheck@…`: files the new version no longer has are removed (the copy's list is kept in
 * MARKER), a folder that holds other files is never written into.
 *
 * Where the files are: in the npm package, miniprogram_dist/ beside dist-cli/ (the bundled CLI's `__dirname`);
 * in the repository, miniprogram_dist/ at the root, two folders up from build/cli/
 * (`npm run build:dist` makes it).
 */
const SOURCES = [join(__dirname, '..', 'miniprogram_dist'), join(__dirname, '..', '..', 'miniprogram_dist')]

/** The list of files a copy wrote, in the copy: what the next copy may replace or remove. */
export const MARKER = '.zim-netcheck-copy.json'

interface Marker {
  package: 'zim-netcheck'
  version: string
  files: string[]
}

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name)
    if (d.isDirectory()) return filesUnder(p, base)
    return d.isFile() ? [relative(base, p).split(sep).join('/')] : []
  })
}

/** The path as the file system has it, for the part of it that exists (symlinks into node_modules count). */
function realExisting(p: string): string {
  let head = p
  const tail: string[] = []
  while (!existsSync(head)) {
    const up = dirname(head)
    if (up === head) break
    tail.unshift(head.slice(up.length).replace(/^[\\/]/, ''))
    head = up
  }
  try {
    return join(realpathSync(head), ...tail)
  } catch {
    return p
  }
}

const inNodeModules = (p: string) => p.split(/[\\/]/).includes('node_modules')

function readMarker(dest: string): Marker | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dest, MARKER), 'utf8')) as Marker
    if (m && m.package === 'zim-netcheck' && Array.isArray(m.files)) return m
  } catch {
    /* none, or not ours */
  }
  return undefined
}

/**
 * usingComponents entries that point into the npm package (`zim-netcheck/…`, `/node_modules/…`): WeChat's
 * 构建 npm would resolve them, but uni-app and Taro copy nothing from node_modules, build without a word, and
 * the page fails in DevTools ("component not found"); uni-app even takes such a tag for a Vue component. Found
 * in the host's uni-app pages.json and Taro page configs (`*.config.{js,ts}`) and app.json / page .json files.
 */
export function packageReferences(text: string): { name: string; path: string }[] {
  const found: { name: string; path: string }[] = []
  const entry = /["']?([\w-]+)["']?\s*:\s*["']([^"'\n]*)["']/g
  for (const m of text.matchAll(entry)) {
    const target = m[2].trim()
    if (/(^|\/)node_modules\/zim-netcheck(\/|$)/.test(target) || /^zim-netcheck(\/|$)/.test(target))
      found.push({ name: m[1], path: target })
  }
  return found
}

const CONFIG_FILE = /(^|[\\/])(pages\.json|app\.json|[^\\/]+\.config\.[cm]?[jt]s|[^\\/]+\.json)$/
const MAX_FILES = 3000

/** The host's config files that may hold usingComponents: under its src/ (or root), node_modules left out. */
function hostConfigs(project: string, skip: string): string[] {
  const out: string[] = []
  const roots = existsSync(join(project, 'src')) ? [join(project, 'src')] : [project]
  for (const f of ['pages.json', 'app.json']) if (existsSync(join(project, f))) out.push(join(project, f))
  let seen = 0
  const walk = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      if (++seen > MAX_FILES) return
      if (d.name === 'node_modules' || d.name.startsWith('.') || d.name === 'dist' || d.name === 'unpackage')
        continue
      const p = join(dir, d.name)
      if (p === skip) continue
      if (d.isDirectory()) walk(p)
      else if (d.isFile() && CONFIG_FILE.test(p) && !out.includes(p)) out.push(p)
    }
  }
  for (const r of roots) walk(r)
  return out
}

/** The nearest folder above `dest` with a package.json: the host project. */
function projectOf(dest: string): string | undefined {
  for (let d = dirname(dest); ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d
    if (dirname(d) === d) return undefined
  }
}

export function cmdCopyDist(argv: string[], io: Io): number {
  const { positionals } = parse(argv, {}, true)
  if (positionals.length !== 1)
    throw new UsageError('copy-dist takes one folder, e.g. src/wxcomponents/zim-netcheck', true)
  const source = SOURCES.find((s) => existsSync(join(s, 'netcheck-panel', 'index.js')))
  if (!source) {
    io.err(
      'zim-netcheck copy-dist: the package has no miniprogram_dist/ (in a checkout of the repository: npm run build:dist)\n',
    )
    return 3
  }
  const dest = resolve(positionals[0])
  const shown = positionals[0]
  if (inNodeModules(dest) || inNodeModules(realExisting(dest)))
    throw new UsageError(
      `refusing to write into node_modules ("${shown}"): the next npm install replaces it, and uni-app and Taro copy nothing from there; copy into your sources, e.g. src/wxcomponents/zim-netcheck`,
    )
  const realSource = realpathSync(source)
  const realDest = realExisting(dest)
  if (
    realDest === realSource ||
    realDest.startsWith(realSource + sep) ||
    realSource.startsWith(realDest + sep)
  )
    throw new UsageError(
      `"${shown}" is the package's own miniprogram_dist/ or holds it; choose a folder of your app`,
    )
  let previous: Marker | undefined
  if (existsSync(dest)) {
    if (!statSync(dest).isDirectory()) throw new UsageError(`"${shown}" is a file, not a folder`)
    previous = readMarker(dest)
    if (!previous && readdirSync(dest).length > 0)
      throw new UsageError(
        `"${shown}" is not empty and holds no earlier copy (${MARKER}); choose a new or empty folder (nothing was written)`,
      )
  }
  const pkg = JSON.parse(readFileSync(join(source, '..', 'package.json'), 'utf8')) as { version?: string }
  const version = pkg.version ?? 'unknown'
  const files = filesUnder(source).sort()
  let removed = 0
  for (const old of previous?.files ?? []) {
    // Only what the earlier copy wrote, and only inside the folder.
    const p = resolve(dest, old)
    if (files.includes(old) || !p.startsWith(dest + sep) || !existsSync(p)) continue
    rmSync(p, { force: true })
    removed++
  }
  let bytes = 0
  for (const f of files) {
    const to = join(dest, f)
    mkdirSync(dirname(to), { recursive: true })
    copyFileSync(join(source, f), to)
    bytes += statSync(to).size
  }
  const marker: Marker = { package: 'zim-netcheck', version, files }
  writeFileSync(join(dest, MARKER), `${JSON.stringify(marker, null, 2)}\n`)
  const tops = [...new Set(files.map((f) => (f.includes('/') ? `${f.split('/')[0]}/` : f)))]
  io.out(
    `copied zim-netcheck ${version} miniprogram_dist to ${shown}: ${files.length} files, ${(bytes / 1024).toFixed(1)} KB (${tops.join(', ')})` +
      `${previous ? `; it held ${previous.version}${removed ? `, removed ${removed} old files` : ''}` : ''}\n`,
  )

  // Usage the copy cannot fix: pages that name the npm package instead of the copied folder.
  const project = projectOf(dest)
  if (!project) return 0
  let problems = 0
  for (const file of hostConfigs(project, dest)) {
    let text: string
    try {
      if (statSync(file).size > 1 << 20) continue
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    if (!text.includes('zim-netcheck')) continue
    for (const ref of packageReferences(text)) {
      problems++
      io.err(
        `zim-netcheck copy-dist: ${relative(process.cwd(), file)}: "${ref.name}": "${ref.path}" points into the npm package, which uni-app and Taro do not copy (it builds, then DevTools says "component not found"); use the copy, e.g. "${suggest(project, dest, ref.path)}"\n`,
      )
    }
  }
  return problems ? 1 : 0
}

/** The same component in the copy: an absolute path from the source root (uni-app's form). */
function suggest(project: string, dest: string, target: string): string {
  const component = /(netcheck-panel|report-view)/.exec(target)?.[1] ?? 'netcheck-panel'
  const src = existsSync(join(project, 'src')) ? join(project, 'src') : project
  const rel = relative(src, dest).split(sep).join('/')
  return `/${rel}/${component}/index`
}
