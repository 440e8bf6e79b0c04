'use strict'
/**
 * Each package carries its own platform's words (issue 31): the esbuild plugins that resolve the store's
 * platform words per build.
 */
const { buildSync } = require('esbuild')
const path = require('node:path')

const src = path.join(__dirname, '../../miniprogram')
const STORE = /[\\/]miniprogram[\\/]store$/

/**
 * The WeChat package knows WeChat alone: the store's imports of store/platform-words.ts (every platform's name,
 * console, the panel's other-platform wordings, Alipay's one list) resolve to store/platform-words.wechat.ts. A
 * WeChat panel runs with platformId "wechat" only (platform/wx-environment.ts). The sentinel keeps every
 * platform (it runs on each, found at run time) and reads none of these words. tools/build-dist.js (the npm
 * package) and tools/build-platform.js (`--platform wechat`) use it.
 */
const wechatWords = {
  name: 'wechat-words',
  setup(b) {
    b.onResolve({ filter: /\/platform-words$/ }, (args) =>
      STORE.test(args.resolveDir) ? { path: path.join(src, 'store/platform-words.wechat.ts') } : undefined,
    )
  },
}

/**
 * store/platform-tables.ts's tables (every platform's words, by platform), evaluated here: the module is data
 * only, bundled to CommonJS with what it imports from core/ and run once.
 */
let tables
function allTables() {
  if (!tables) {
    const out = buildSync({
      entryPoints: [path.join(src, 'store/platform-tables.ts')],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'neutral',
      logLevel: 'error',
    })
    const module = { exports: {} }
    new Function('module', 'exports', out.outputFiles[0].text)(module, module.exports)
    tables = module.exports
  }
  return tables
}

/**
 * Another platform's build (tools/build-platform.js): the store's store/platform-tables.ts becomes the same
 * tables holding `target`'s entries alone, so the package names no other platform.
 */
function ownWords(target) {
  return {
    name: 'own-words',
    setup(b) {
      b.onResolve({ filter: /\/platform-tables$/ }, (args) =>
        STORE.test(args.resolveDir) ? { path: target, namespace: 'platform-tables' } : undefined,
      )
      b.onLoad({ filter: /.*/, namespace: 'platform-tables' }, () => ({
        contents: Object.entries(allTables())
          .map(([name, table]) => {
            const own = target in table ? { [target]: table[target] } : {}
            return `export const ${name} = ${JSON.stringify(own)}\n`
          })
          .join(''),
        loader: 'js',
      }))
    },
  }
}

module.exports = { wechatWords, ownWords }
