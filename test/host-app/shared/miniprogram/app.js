// The host's own store, on the mobx-miniprogram its 构建 npm builds into miniprogram_npm.
const { observable } = require('mobx-miniprogram')

App({
  globalData: { store: observable({ user: '' }) },
})
