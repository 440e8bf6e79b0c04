/*
 * Node's TLS and HTTP modules, loaded on first use. A probe opens TCP first and speaks TLS and HTTP once it is
 * connected (node/probe/connection.ts), so these load while the first wave's connections are under way instead of
 * before any of them starts: node:https with node:tls and node:http is ~2–4 ms of a run's start, `ws` more.
 * node:crypto (~2 ms) only when --cacert is given, to read its certificates. Node caches a module once loaded: later
 * calls cost a lookup.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy on purpose (above) */
export const tlsModule = (): typeof import('node:tls') => require('node:tls') as typeof import('node:tls')
export const httpModule = (): typeof import('node:http') => require('node:http') as typeof import('node:http')
export const httpsModule = (): typeof import('node:https') =>
  require('node:https') as typeof import('node:https')
export const cryptoModule = (): typeof import('node:crypto') =>
  require('node:crypto') as typeof import('node:crypto')
