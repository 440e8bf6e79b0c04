'use strict'
// Preloaded with `node -r` by test/node/lazy-load.test.ts: on exit, writes every loaded module's path, then the
// node: built-ins in the order they were first required, with `connect` where the process opened its first
// connection (net.Socket#connect), `syn` once Node has really connected it, `stderr` and `destroy` (below), and
// `script:<file>` where it compiled a script with node:vm (bin/ runs the
// bundled CLI so), one per line, to the file named by ZIM_LOADED_OUT.
const Module = require('node:module')
const fs = require('node:fs')
const net = require('node:net')
const vm = require('node:vm')
const builtins = []
const load = Module._load
Module._load = function (request, ...rest) {
  const name = `builtin:${request.replace(/^node:/, '')}`
  if (Module.isBuiltin(request) && !builtins.includes(name)) builtins.push(name)
  return load.call(this, request, ...rest)
}
const Script = vm.Script
vm.Script = class extends Script {
  constructor(code, options) {
    super(code, options)
    builtins.push(`script:${options && options.filename}`)
  }
}
const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  if (builtins.includes('connect')) return connect.apply(this, args)
  builtins.push('connect')
  const socket = connect.apply(this, args)
  // Node makes the connect(2) call in a tick it queues (for an address; after the lookup for a name): `syn`
  // follows it.
  process.nextTick(() => builtins.push('syn'))
  return socket
}
// `stderr` where process.stderr was first read (which creates the stream), `destroy` where Node first closed a
// socket (net.Socket#_destroy reads process.stderr).
const stderr = Object.getOwnPropertyDescriptor(process, 'stderr')
Object.defineProperty(process, 'stderr', {
  ...stderr,
  get() {
    if (!builtins.includes('stderr')) builtins.push('stderr')
    return stderr.get.call(this)
  },
})
const destroy = net.Socket.prototype._destroy
net.Socket.prototype._destroy = function (...args) {
  if (!builtins.includes('destroy')) builtins.push('destroy')
  return destroy.apply(this, args)
}
process.on('exit', () => {
  fs.writeFileSync(process.env.ZIM_LOADED_OUT, [...Object.keys(require.cache), ...builtins].join('\n'))
})
