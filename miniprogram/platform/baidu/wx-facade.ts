declare const swan: unknown

/**
 * What the UI's `wx` is in the baidu build (tools/build-platform.js injects it for the global `wx`): `swan`
 * itself, whose storage, clipboard, navigation, network-status and app show/hide calls take wx's shapes
 * (docs/platforms.md). No `wx` is read on baidu: a host may define one, but the checker never uses it.
 */
export const wx = swan as WechatMiniprogram.Wx
