/*
 * The app-level events a panel follows while it is on a page (one job, for components/netcheck-panel): the
 * network type as it changes, and the app going to the background and back (wx.onAppHide / wx.onAppShow, base
 * library 2.1.2+; a component can use them, unlike App.onHide). Each listener is removed by `release`.
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

export interface AppFollow {
  /** Background is followed through onAppHide/onAppShow; false: the page's hide/show must stand in. */
  appLevel: boolean
  /** Removes every listener added. */
  release: () => void
}

/** Listens to the network type and the app's hide/show where the API has them. */
export function followApp(
  api: AppEventsApi,
  on: { network: (networkType: string) => void; hide: () => void; show: () => void },
): AppFollow {
  const release: (() => void)[] = []
  // on/off take differently typed callbacks in the typings; one function serves both.
  const onNetwork = (res: { networkType?: string }) => {
    if (res && res.networkType) on.network(res.networkType)
  }
  if (typeof api.onNetworkStatusChange === 'function') {
    api.onNetworkStatusChange(onNetwork as WechatMiniprogram.OnNetworkStatusChangeCallback)
    release.push(() =>
      api.offNetworkStatusChange?.(onNetwork as WechatMiniprogram.OffNetworkStatusChangeCallback),
    )
  }
  const onHide = () => on.hide()
  const onShow = () => on.show()
  let appLevel = false
  if (typeof api.onAppHide === 'function' && typeof api.onAppShow === 'function') {
    api.onAppHide(onHide)
    api.onAppShow(onShow)
    appLevel = true
    release.push(() => {
      api.offAppHide?.(onHide)
      api.offAppShow?.(onShow)
    })
  }
  return { appLevel, release: () => release.forEach((f) => f()) }
}
