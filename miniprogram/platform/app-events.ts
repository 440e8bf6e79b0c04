/*
 * The app-level events a panel follows while it is on a page (one job, for components/netcheck-panel): the
 * network type as it changes, and the app going to the background and back (wx.onAppHide / wx.onAppShow, base
 * library 2.1.2+; a component can use them, unlike App.onHide). Each listener is removed on `release`.
 */

type AppListener = (res: unknown) => void

/** The events' API: wx's names, each optional (a platform or base library may lack any of them). */
export interface AppEventsApi {
  onNetworkStatusChange?: (l: WechatMiniprogram.OnNetworkStatusChangeCallback) => void
  offNetworkStatusChange?: (l: WechatMiniprogram.OffNetworkStatusChangeCallback) => void
  onAppHide?: (l: AppListener) => void
  offAppHide?: (l: AppListener) => void
  onAppShow?: (l: AppListener) => void
  offAppShow?: (l: AppListener) => void
}

/**
 * Listens to the network type, and to the app's hide/show where the API has them; each listener's removal goes
 * into `release`. True when the app's background is followed (else the page's hide/show must stand in).
 */
export function followApp(
  api: AppEventsApi,
  release: (() => void)[],
  network: (networkType: string) => void,
  hide: () => void,
  show: () => void,
): boolean {
  // on/off take differently typed callbacks in the typings; one function serves both.
  const onNetwork = (res: { networkType?: string }) => {
    if (res && res.networkType) network(res.networkType)
  }
  if (typeof api.onNetworkStatusChange === 'function') {
    api.onNetworkStatusChange(onNetwork as WechatMiniprogram.OnNetworkStatusChangeCallback)
    release.push(() =>
      api.offNetworkStatusChange?.(onNetwork as WechatMiniprogram.OffNetworkStatusChangeCallback),
    )
  }
  if (typeof api.onAppHide !== 'function' || typeof api.onAppShow !== 'function') return false
  api.onAppHide(hide)
  api.onAppShow(show)
  release.push(() => {
    api.offAppHide?.(hide)
    api.offAppShow?.(show)
  })
  return true
}
