declare const tt: unknown

/**
 * What the UI's `wx` is in the douyin build (tools/build-platform.js injects it for the global `wx`): `tt`
 * itself, whose storage, clipboard, navigation, network-status and app show/hide calls take wx's shapes
 * (docs/platforms.md). No `wx` is read on douyin: a host may define one, but the checker never uses it.
 */
export const wx = tt as WechatMiniprogram.Wx
