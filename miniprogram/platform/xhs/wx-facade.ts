declare const xhs: unknown

/**
 * What the UI's `wx` is in the xhs build (tools/build-platform.js injects it for the global `wx`): `xhs`
 * itself, whose storage, clipboard, navigation, network-status and app show/hide calls are listed under wx's
 * names (public taro-plugin-platform-xhs api.json; docs/platforms.md X7). No `wx` is read on xhs.
 */
export const wx = xhs as WechatMiniprogram.Wx
