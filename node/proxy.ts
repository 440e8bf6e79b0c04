/*
 * The CLI behind an HTTP proxy, as curl behaves: one import path for the command and the adapter.
 * - node/proxy-settings.ts: which proxy (flags over the environment), the proxy URL, and the proxy of one URL;
 * - node/no-proxy.ts: NO_PROXY, parsed and matched as curl does;
 * - node/proxy-tunnel.ts: the CONNECT tunnel and what its failures are (ProxyError's PROXY_* codes).
 */
export * from './proxy-settings'
export * from './no-proxy'
export * from './proxy-tunnel'
