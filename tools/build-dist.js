#!/usr/bin/env node
'use strict'
/**
 * `npm run build:dist`: the mini-program npm package, `miniprogram_dist/` (package.json `miniprogram`):
 *
 *   netcheck-panel/index.{js,json,wxml,wxss}   the diagnostic UI
 *   report-view/index.{js,json,wxml,wxss}      the report viewer a host page wraps (share cards open it)
 *   share.js                                    shareCard(report, page) for a host page's onShareAppMessage
 *   common/*.js                                 code the entries share (report model, share codec, strings)
 *
 * Each component's JS is one bundle of our core/store/platform modules and the parts of semver,
 * mobx-miniprogram and mobx-miniprogram-bindings it reaches; what two entries both need is bundled once into
 * common/ rather than twice. mobx comes from its production build (no development checks or messages),
 * semver from the sub-modules core/resolver.ts imports. Then every file is lowered to ES5 by TypeScript
 * (what DevTools' "ES6 转 ES5" would otherwise do, done once here) and minified by esbuild with target es5,
 * which stops with an error on any syntax newer than ES5. A host's 构建 npm copies the folder as it is; no
 * other npm package of ours reaches its miniprogram_npm.
 */
const { build, transform } = require('esbuild')
const ts = require('typescript')
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const src = path.join(root, 'miniprogram')

const ENTRIES = {
  'netcheck-panel/index': 'components/netcheck-panel/index.ts',
  'report-view/index': 'components/report-view/index.ts',
  share: 'package/share.ts',
}
const COMPONENTS = ['netcheck-panel', 'report-view']

const LOWER = {
  target: ts.ScriptTarget.ES5,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  downlevelIteration: true,
  // Helpers (__spreadArray, __awaiter…) come from tslib as imports, so the bundle holds each one once.
  importHelpers: true,
  allowJs: true,
  removeComments: true,
}

/** An esbuild plugin: every module is lowered to ES5 by TypeScript before it is bundled. */
const lowerToEs5 = {
  name: 'lower-to-es5',
  setup(b) {
    b.onLoad({ filter: /\.(ts|js|mjs)$/ }, (args) => {
      if (/[\\/]tslib[\\/]/.test(args.path)) return undefined
      const source = fs.readFileSync(args.path, 'utf8')
      const out = ts.transpileModule(source, { fileName: args.path, compilerOptions: LOWER })
      return { contents: out.outputText, loader: 'js' }
    })
  },
}

/** Bundled ES module chunk → minified ES5 CommonJS; esbuild with target es5 refuses anything newer. */
async function toCjsEs5(code) {
  // import/export between the chunks become require/exports (TypeScript's ES5 CommonJS form).
  const cjs = ts.transpileModule(code, {
    fileName: 'chunk.js',
    compilerOptions: {
      ...LOWER,
      module: ts.ModuleKind.CommonJS,
      importHelpers: false,
      esModuleInterop: false,
    },
  }).outputText
  // charset utf8: Chinese text stays 3 bytes a character instead of a 6-byte \uXXXX escape.
  const min = await transform(cjs, {
    minify: true,
    format: 'cjs',
    target: 'es5',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'error',
  })
  return min.code
}

/**
 * Builds the package into `out`. Returns, per output JS file (relative to `out`), the source inputs it
 * holds with their bytes in the ES2017 bundle (to apportion a file's weight between its inputs).
 */
async function buildDist(out = path.join(root, 'miniprogram_dist')) {
  fs.rmSync(out, { recursive: true, force: true })
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, path.join(src, v)])),
    outdir: out,
    bundle: true,
    splitting: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    alias: {
      'mobx-miniprogram': require.resolve('mobx-miniprogram/dist/mobx.esm.production.min.js', {
        paths: [root],
      }),
      // its TypeScript source, so the behavior half it does not use falls away
      'mobx-miniprogram-bindings': path.join(root, 'node_modules/mobx-miniprogram-bindings/src/index.ts'),
    },
    plugins: [lowerToEs5],
    chunkNames: 'common/[name]-[hash]',
    target: 'es2015',
    define: { 'process.env.NODE_ENV': '"production"' },
    // mobx-miniprogram-bindings builds its behavior at load time; nothing here uses it, so it may go.
    pure: ['Behavior'],
    minify: true,
    charset: 'utf8',
    legalComments: 'none',
    metafile: true,
    logLevel: 'error',
  })
  const inputs = {}
  for (const [file, meta] of Object.entries(result.metafile.outputs)) {
    const rel = path.relative(out, path.resolve(root, file)).split(path.sep).join('/')
    inputs[rel] = Object.fromEntries(
      Object.entries(meta.inputs).map(([f, i]) => [f.split(path.sep).join('/'), i.bytesInOutput]),
    )
  }
  for (const file of result.outputFiles) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true })
    fs.writeFileSync(file.path, await toCjsEs5(file.text))
  }
  for (const name of COMPONENTS) {
    for (const ext of ['json', 'wxml', 'wxss']) {
      fs.copyFileSync(
        path.join(src, 'components', name, `index.${ext}`),
        path.join(out, name, `index.${ext}`),
      )
    }
  }
  return inputs
}

function walk(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name)
    return d.isDirectory() ? walk(p, base) : [path.relative(base, p).split(path.sep).join('/')]
  })
}

module.exports = { buildDist, walk }

if (require.main === module) {
  const out = path.join(root, 'miniprogram_dist')
  buildDist(out)
    .then(() => {
      if (process.argv.includes('--quiet')) return
      for (const f of walk(out).sort()) {
        console.log(`miniprogram_dist/${f}: ${(fs.statSync(path.join(out, f)).size / 1024).toFixed(1)} KB`)
      }
    })
    .catch((e) => {
      console.error(`build:dist: ${String((e && e.message) || e).split('\n')[0]}`)
      process.exitCode = 1
    })
}
