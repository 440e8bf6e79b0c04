import { uiSeam } from '../shared/ui-seam'
import { createDouyinAdapter } from './adapter'
import { readDouyinEnvironment } from './environment'

// The platform global, read when a function runs (never at load): `tt` in the douyin mini-program.
declare const tt: unknown

/**
 * The UI's platform calls on douyin (see platform/shared/ui-seam.ts): the build maps the UI's imports of
 * platform/wx-adapter and platform/wx-environment here, so the panel probes through `tt`.
 */
const seam = uiSeam(() => tt, createDouyinAdapter, readDouyinEnvironment)
export const createWxAdapter = seam.createWxAdapter
export const readEnvironment = seam.readEnvironment
export const readNetwork = seam.readNetwork
export const wechatLang = seam.wechatLang
