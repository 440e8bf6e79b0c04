#!/usr/bin/env node
'use strict'
/**
 * `node tools/gen-catalog.js [--check]`: regenerates miniprogram/core/catalog-data.ts, the built-in catalog,
 * from the vendored docs table (test/fixtures/seed/zim-miniprogram-server-domains.md) with the same importer as
 * `zim-netcheck catalog import` (node/catalog-import.ts). The same table always gives the same file: its date is
 * the month the table was taken (node/catalog-gen.ts). --check writes nothing and exits 1 when the committed file
 * differs (test/core/catalog-data.test.ts proves the same in `npm test`).
 */
const { buildSync } = require('esbuild')
const fs = require('node:fs')
const path = require('node:path')
const prettier = require('prettier')

const root = path.join(__dirname, '..')
const OUT = path.join(root, 'miniprogram', 'core', 'catalog-data.ts')

/** node/catalog-gen.ts and the importer, bundled in memory (parse5 from node_modules). */
function load() {
  const entry = `export * from './node/catalog-gen'; export { importCatalog } from './node/catalog-import'`
  const out = buildSync({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    external: ['parse5'],
    logLevel: 'error',
  })
  const mod = { exports: {} }
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, require)
  return mod.exports
}

async function main() {
  const { importCatalog, renderBuiltInModule, BUILT_IN_TABLE, BUILT_IN_SOURCE, BUILT_IN_DATE } = load()
  const text = fs.readFileSync(path.join(root, BUILT_IN_TABLE), 'utf8')
  const res = importCatalog(text, { source: BUILT_IN_SOURCE, date: BUILT_IN_DATE })
  if (!res.ok) throw new Error(`${BUILT_IN_TABLE}: ${res.error}`)
  for (const w of res.warnings) console.error(`warning: ${w}`)
  const options = (await prettier.resolveConfig(OUT)) ?? {}
  const src = await prettier.format(renderBuiltInModule(res.catalog), { ...options, filepath: OUT })
  const rel = path.relative(root, OUT)
  const old = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : ''
  if (process.argv.includes('--check')) {
    console.error(`${rel}: ${res.catalog.source.rows} rows, hash ${res.catalog.source.hash}`)
    if (src !== old) {
      console.error(`${rel} is not the import of ${BUILT_IN_TABLE}: run node tools/gen-catalog.js`)
      process.exitCode = 1
    }
    return
  }
  fs.writeFileSync(OUT, src)
  console.error(`${rel}: ${res.catalog.source.rows} rows, hash ${res.catalog.source.hash}`)
}

main().catch((e) => {
  console.error(`gen-catalog: ${e.message}`)
  process.exitCode = 1
})
