import { uiSeam } from '../shared/ui-seam'
import { createXhsAdapter } from './adapter'
import { readXhsEnvironment } from './environment'

// The platform global, read when a function runs (never at load): `xhs` in the Xiaohongshu mini-program.
declare const xhs: unknown

/**
 * The UI's platform calls on xhs (see platform/shared/ui-seam.ts): the build maps the UI's imports of
 * platform/wx-adapter and platform/wx-environment here, so the panel probes through `xhs`.
 */
const seam = uiSeam(() => xhs, createXhsAdapter, readXhsEnvironment)
export const createWxAdapter = seam.createWxAdapter
export const readEnvironment = seam.readEnvironment
export const readNetwork = seam.readNetwork
export const wechatLang = seam.wechatLang
