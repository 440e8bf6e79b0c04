'use strict'
const path = require('node:path')

const src = path.join(__dirname, '../../miniprogram')

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
      /[\\/]miniprogram[\\/]store$/.test(args.resolveDir)
        ? { path: path.join(src, 'store/platform-words.wechat.ts') }
        : undefined,
    )
  },
}

module.exports = { wechatWords }
