import { uiSeam } from '../shared/ui-seam'
import { createBaiduAdapter } from './adapter'
import { readBaiduEnvironment } from './environment'

// The platform global, read when a function runs (never at load): `swan` in the baidu mini-program.
declare const swan: unknown

/**
 * The UI's platform calls on baidu (see platform/shared/ui-seam.ts): the build maps the UI's imports of
 * platform/wx-adapter and platform/wx-environment here, so the panel probes through `swan`.
 */
const seam = uiSeam(() => swan, createBaiduAdapter, readBaiduEnvironment)
export const createWxAdapter = seam.createWxAdapter
export const readEnvironment = seam.readEnvironment
export const readNetwork = seam.readNetwork
export const wechatLang = seam.wechatLang
