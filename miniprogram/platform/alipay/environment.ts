import { RunEnvironment } from '../../core/environment'
import { attempt, deviceFields, setStrings, SystemFields } from '../shared/env-read'

/**
 * The parts of `my` the environment reads (narrow; @mini-types/my 3.0.14):
 * - `my.getAccountInfoSync().miniProgram` {appId, envVersion: develop | trial | release | gray}
 *   (https://opendocs.alipay.com/mini/api/my.getAccountInfoSync, base library 2.7.17+ per the design notes);
 * - `my.isIDE`: running in the Alipay IDE; `my.SDKVersion`: the base library;
 * - `my.getSystemInfoSync()`: platform, system, brand, model, language.
 */
export interface MyEnvApi {
  getAccountInfoSync?: () => { miniProgram?: { appId?: string; envVersion?: string } }
  getSystemInfoSync?: () => SystemFields
  isIDE?: boolean
  SDKVersion?: string
}

/** Alipay's gray (灰度) builds are release builds shown to part of the users. */
const ENV: Record<string, RunEnvironment['envVersion']> = {
  develop: 'develop',
  trial: 'trial',
  release: 'release',
  gray: 'release',
}

export function readAlipayEnvironment(my: MyEnvApi): RunEnvironment {
  const env: RunEnvironment = { runtime: my.isIDE === true ? 'devtools' : 'wechat', platformId: 'alipay' }
  const account = attempt(my.getAccountInfoSync)?.miniProgram
  setStrings(env, deviceFields(attempt(my.getSystemInfoSync)))
  setStrings(env, { baseLibrary: my.SDKVersion, appId: account?.appId })
  const v = account && typeof account.envVersion === 'string' ? ENV[account.envVersion] : undefined
  if (v) env.envVersion = v
  return env
}
