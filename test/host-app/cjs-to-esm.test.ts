// tools/build-dist.js cjsToEsm: semver's CommonJS modules bundled as ES modules (no per-module wrapper nor
// esbuild's __commonJS/__toESM interop) answer as semver itself does.
import { build, type Plugin } from 'esbuild'
import * as fs from 'node:fs'
import * as path from 'node:path'
import semver from 'semver'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cjsToEsm, semverUsedOnly } = require('../../tools/build-dist.js') as {
  cjsToEsm: (source: string, file: string) => string
  semverUsedOnly: Plugin
}

const ROOT = path.join(__dirname, '..', '..')
const SEMVER = /[\\/]node_modules[\\/]semver[\\/]/

/**
 * The functions core/resolver.ts imports, bundled as build:dist bundles them (its semver plugin: internal/re.js,
 * constants.js and debug.js as the few values the class reads) with every other semver module converted.
 */
async function bundled(): Promise<Record<string, (...a: unknown[]) => unknown>> {
  const converted: string[] = []
  const entry = ['compare', 'gt', 'lt', 'prerelease', 'valid']
    .map((f) => `import ${f} from 'semver/functions/${f}'`)
    .concat('export { compare, gt, lt, prerelease, valid }')
    .join('\n')
  const out = (
    await build({
      stdin: { contents: entry, resolveDir: ROOT, loader: 'js' },
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'semverBundle',
      platform: 'neutral',
      logLevel: 'error',
      plugins: [
        semverUsedOnly,
        {
          name: 'cjs-to-esm',
          setup(b) {
            b.onLoad({ filter: SEMVER }, (args) => {
              converted.push(path.basename(args.path))
              return { contents: cjsToEsm(fs.readFileSync(args.path, 'utf8'), args.path), loader: 'js' }
            })
          },
        },
      ],
    })
  ).outputFiles[0].text
  expect(converted.length).toBeGreaterThanOrEqual(8)
  expect(out).not.toMatch(/__commonJS|__toESM|\brequire\(|module\.exports/)
  return new Function(`${out}\nreturn semverBundle`)()
}

const VERSIONS = [
  '1.2.0',
  '2.13.0',
  '2.13.0-beta.1',
  '2.13.0-beta.2',
  '2.13.0-alpha',
  'v2.12.1',
  '2.12',
  'x',
  '',
  '01.2.3',
]

describe('build:dist cjsToEsm', () => {
  it('valid, prerelease, compare, gt and lt give semver’s own answers', async () => {
    const f = await bundled()
    for (const a of VERSIONS) {
      expect(f.valid(a)).toEqual(semver.valid(a))
      expect(f.prerelease(a)).toEqual(semver.prerelease(a))
      for (const b of VERSIONS.filter((v) => semver.valid(v) && semver.valid(a))) {
        expect([f.compare(a, b), f.gt(a, b), f.lt(a, b)]).toEqual([
          semver.compare(a, b),
          semver.gt(a, b),
          semver.lt(a, b),
        ])
      }
    }
    expect(() => f.compare('x', '1.0.0')).toThrow(/Invalid Version/)
  })

  it('rewrites require and module.exports into imports and a default export', () => {
    const src = "const a = require('./a')\nconst { b, c: d } = require('./b')\nmodule.exports = a(b, d)\n"
    const out = cjsToEsm(src, path.join(ROOT, 'x.js'))
    expect(out).toContain('import a from "./a";')
    expect(out).toMatch(/import (__semver_\d+) from "\.\/b";\nconst \{ b, c: d \} = \1;/)
    expect(out).toContain('export default a(b, d)')
  })

  it('refuses a module it cannot rewrite, naming it and what it uses', () => {
    expect(() => cjsToEsm('exports.a = 1\nmodule.exports = 2\n', path.join(ROOT, 'y.js'))).toThrow(
      /y\.js uses exports/,
    )
    expect(() => cjsToEsm("module.exports = require('./z' + n)\n", path.join(ROOT, 'y.js'))).toThrow(
      /y\.js uses require/,
    )
    expect(() => cjsToEsm('var a = 1\n', path.join(ROOT, 'y.js'))).toThrow(/no module\.exports/)
  })
})
