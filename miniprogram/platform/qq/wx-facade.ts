declare const qq: unknown

/**
 * What the UI's `wx` is in the qq build (tools/build-platform.js injects it for the global `wx`): `qq`
 * itself, whose storage, clipboard, navigation, network-status and app show/hide calls take wx's shapes
 * (docs/platforms.md). No `wx` is read on qq: a host may define one, but the checker never uses it.
 */
export const wx = qq as WechatMiniprogram.Wx
