// The host and demo app of the netcheck panel; it holds no state of its own.
App<IAppOption>({
  globalData: {},
})
