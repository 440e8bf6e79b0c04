import { uiSeam } from '../shared/ui-seam'
import { createQqAdapter } from './adapter'
import { readQqEnvironment } from './environment'

// The platform global, read when a function runs (never at load): `qq` in the qq mini-program.
declare const qq: unknown

/**
 * The UI's platform calls on qq (see platform/shared/ui-seam.ts): the build maps the UI's imports of
 * platform/wx-adapter and platform/wx-environment here, so the panel probes through `qq`.
 */
const seam = uiSeam(() => qq, createQqAdapter, readQqEnvironment)
export const createWxAdapter = seam.createWxAdapter
export const readEnvironment = seam.readEnvironment
export const readNetwork = seam.readNetwork
export const wechatLang = seam.wechatLang
