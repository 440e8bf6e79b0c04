import { RunEnvironment } from '../../core/environment'
import { attempt, deviceFields, setStrings, SystemFields } from '../shared/env-read'

/**
 * The parts of `xhs` the environment reads (public taro-plugin-platform-xhs src/xhsConfig/api.json, which
 * lists what xhs answers; docs/platforms.md X6):
 * - `xhs.getAppInfoSync()` {env: local | develop | trial | release, platform: android | iOS | ide, debug};
 * - `xhs.getAccountInfoSync().miniProgram` {appId, envVersion} (its fields as wx's: unverified);
 * - `xhs.getSystemInfoSync()` for the device (wx's field names).
 * The IDE is `platform: 'ide'` in getAppInfoSync (or `devtools` in getSystemInfoSync, as on wx). `local` (a
 * build run from the IDE) is a develop build.
 */
export interface XhsEnvApi {
  getAppInfoSync?: () => { env?: unknown; platform?: unknown; debug?: unknown }
  getAccountInfoSync?: () => { miniProgram?: { appId?: unknown; envVersion?: unknown } }
  getSystemInfoSync?: () => SystemFields
}

const ENV: Record<string, RunEnvironment['envVersion']> = {
  local: 'develop',
  develop: 'develop',
  trial: 'trial',
  release: 'release',
}

export function readXhsEnvironment(xhs: XhsEnvApi): RunEnvironment {
  const sys = attempt(xhs.getSystemInfoSync)
  const app = attempt(xhs.getAppInfoSync)
  const ide = app?.platform === 'ide' || sys?.platform === 'devtools'
  const env: RunEnvironment = { runtime: ide ? 'devtools' : 'wechat', platformId: 'xhs' }
  setStrings(env, deviceFields(sys))
  const account = attempt(xhs.getAccountInfoSync)?.miniProgram
  setStrings(env, { appId: account?.appId })
  const type = typeof account?.envVersion === 'string' ? account.envVersion : app?.env
  const v = typeof type === 'string' ? ENV[type] : undefined
  if (v) env.envVersion = v
  if (typeof app?.debug === 'boolean') env.enableDebug = app.debug
  return env
}
