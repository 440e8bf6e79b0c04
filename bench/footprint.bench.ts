import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { build, transform } from 'esbuild'
import { figure } from './figures'

const ROOT = join(__dirname, '..')
const PANEL = join(ROOT, 'miniprogram/components/netcheck-panel')
const NPM = join(ROOT, 'miniprogram/miniprogram_npm')
const RUNTIME = ['semver', 'mobx-miniprogram', 'mobx-miniprogram-bindings']

function dirBytes(p: string): number {
  const st = statSync(p)
  return st.isDirectory() ? readdirSync(p).reduce((a, f) => a + dirBytes(join(p, f)), 0) : st.size
}

test('what the panel adds to a host mini-program, as uploaded', async () => {
  // The panel's own code and the core/store/platform modules it reaches, minified as an upload is
  // (project.config.json minified: true); npm packages stay outside, as miniprogram_npm.
  const result = await build({
    entryPoints: [join(PANEL, 'index.ts')],
    bundle: true,
    write: false,
    minify: true,
    format: 'cjs',
    target: 'es2018',
    external: RUNTIME,
    metafile: true,
    logLevel: 'error',
  })
  const out = Object.values(result.metafile.outputs)[0]
  const code = result.outputFiles[0].contents.length
  // WXSS and WXML as uploaded with minifyWXSS / minifyWXML (project.config.json).
  const wxssSource = readFileSync(join(PANEL, 'index.wxss'), 'utf8')
  const wxss = (await transform(wxssSource, { loader: 'css', minify: true, logLevel: 'error' })).code.length
  const wxml = readFileSync(join(PANEL, 'index.wxml'), 'utf8')
    .replace(/>\s+</g, '><')
    .replace(/\s+/g, ' ').length
  const templates = wxss + wxml + statSync(join(PANEL, 'index.json')).size
  execFileSync(process.execPath, [join(ROOT, 'tools/build-npm.js')], { stdio: 'ignore' })
  const npm = Object.fromEntries(RUNTIME.map((p) => [p, dirBytes(join(NPM, p))]))
  const total = code + templates + Object.values(npm).reduce((a, b) => a + b, 0)
  const contributors = [
    ...Object.entries(npm).map(([name, bytes]) => [`npm:${name}`, bytes] as const),
    ...Object.entries(out.inputs).map(
      ([file, info]) => [relative(ROOT, join(ROOT, file)), info.bytesInOutput] as const,
    ),
    ['panel wxml/wxss/json', templates] as const,
  ].sort((a, b) => b[1] - a[1])
  const top = contributors
    .slice(0, 5)
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} KB`)
    .join(', ')
  figure('footprint_kb', Math.round((total / 1024) * 10) / 10, { max: 150 }, `largest: ${top}`)
  expect(readFileSync(join(NPM, 'semver/index.js'), 'utf8').length).toBeGreaterThan(0)
})
