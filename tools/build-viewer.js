#!/usr/bin/env node
'use strict'
/**
 * `npm run build:viewer`: the support viewer as ONE self-contained offline HTML file, build/viewer/viewer.html.
 * esbuild bundles web/viewer/main.ts with the same core the mini-program and CLI use (decode, validate, render,
 * causes, fleet), and Preact for the views (web/viewer/views/*.tsx, JSX compiled here by esbuild); the CSS is
 * inlined. No CDN, no server: it opens from file://.
 * The page's Content-Security-Policy allows no network but its own origin (the collector's /v1/ API, server mode) and only this one script, by its SHA-256 hash:
 * even a script element someone managed to inject would not run. `netcheck view` fills the data element.
 */
const { build, transform } = require('esbuild')
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const src = path.join(root, 'web', 'viewer')
const outFile = path.join(root, 'build', 'viewer', 'viewer.html')
const EMBED_OPEN = '<script type="application/json" id="zim-embedded">'
const EMPTY = '{"schema":"zim-netcheck/viewer-input@1","items":[]}'

async function main() {
  const js = await build({
    entryPoints: [path.join(src, 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome90', 'firefox90', 'safari14'],
    minify: true,
    charset: 'utf8',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'error',
  })
  const code = js.outputFiles[0].text.trim()
  // esbuild writes `<\/script` inside strings; anything that could still end the element fails the build.
  if (/<\/script|<!--/i.test(code)) throw new Error('the bundle contains </script or <!--')
  const css = (
    await transform(fs.readFileSync(path.join(src, 'viewer.css'), 'utf8'), { loader: 'css', minify: true })
  ).code.trim()
  if (/<\/style/i.test(css)) throw new Error('the CSS contains </style')
  const hash = crypto.createHash('sha256').update(code, 'utf8').digest('base64')
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    // Only the page's own origin, and only when a collector served it (web/viewer/server.ts): from file:// the
    // page fetches nothing.
    "connect-src 'self'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
  const template = fs.readFileSync(path.join(src, 'index.html'), 'utf8')
  const parts = { '%CSP%': csp, '%CSS%': css, '%JS%': code, '%DATA%': EMPTY }
  const html = template
    .split(/\s*(%CSP%|%CSS%|%JS%|%DATA%)\s*/)
    .map((p) => (p in parts ? parts[p] : p))
    .join('')
  if (html.split(EMBED_OPEN).length !== 2) throw new Error('the page must hold exactly one data element')
  fs.mkdirSync(path.dirname(outFile), { recursive: true })
  fs.writeFileSync(outFile, html)
  console.log(`${path.relative(root, outFile)}: ${(Buffer.byteLength(html) / 1024).toFixed(1)} KB`)
}

main().catch((e) => {
  console.error(`build-viewer: ${e.message}`)
  process.exit(1)
})
