'use strict'
// Preloaded with `node -r` by test/node/lazy-load.test.ts: on exit, writes every loaded module's path and the
// node: built-ins required, one per line, to the file named by ZIM_LOADED_OUT.
const Module = require('node:module')
const fs = require('node:fs')
const builtins = new Set()
const load = Module._load
Module._load = function (request, ...rest) {
  if (Module.isBuiltin(request)) builtins.add(request.replace(/^node:/, ''))
  return load.call(this, request, ...rest)
}
process.on('exit', () => {
  const files = Object.keys(require.cache)
  fs.writeFileSync(
    process.env.ZIM_LOADED_OUT,
    [...files, ...[...builtins].map((b) => `builtin:${b}`)].join('\n'),
  )
})
