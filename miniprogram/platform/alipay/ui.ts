import { uiSeam } from '../shared/ui-seam'
import { createAlipayAdapter } from './adapter'
import { readAlipayEnvironment } from './environment'

// The platform global, read when a function runs (never at load): `my` in the alipay mini-program.
declare const my: unknown

/**
 * The UI's platform calls on alipay (see platform/shared/ui-seam.ts): the build maps the UI's imports of
 * platform/wx-adapter and platform/wx-environment here, so the panel probes through `my`.
 */
const seam = uiSeam(() => my, createAlipayAdapter, readAlipayEnvironment)
export const createWxAdapter = seam.createWxAdapter
export const readEnvironment = seam.readEnvironment
export const readNetwork = seam.readNetwork
export const wechatLang = seam.wechatLang
