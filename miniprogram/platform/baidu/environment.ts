import { RunEnvironment } from '../../core/environment'
import { attempt, deviceFields, setStrings, SystemFields } from '../shared/env-read'

/**
 * The parts of `swan` the environment reads: `swan.getEnvInfoSync()` {appKey, env: development | trial |
 * production} (smartprogram.baidu.com env-info docs, 3.90.12+ per the design notes; no typings on npm);
 * `swan.getSystemInfoSync()` for the device, `platform: 'devtools'` in the IDE (unverified for Baidu).
 */
export interface SwanEnvApi {
  getEnvInfoSync?: () => { appKey?: string; env?: string }
  getSystemInfoSync?: () => SystemFields
}

const ENV: Record<string, RunEnvironment['envVersion']> = {
  development: 'develop',
  trial: 'trial',
  production: 'release',
}

export function readBaiduEnvironment(swan: SwanEnvApi): RunEnvironment {
  const sys = attempt(swan.getSystemInfoSync)
  const env: RunEnvironment = {
    runtime: sys?.platform === 'devtools' ? 'devtools' : 'wechat',
    platformId: 'baidu',
  }
  const info = attempt(swan.getEnvInfoSync)
  setStrings(env, deviceFields(sys))
  setStrings(env, { appId: info?.appKey })
  const v = info && typeof info.env === 'string' ? ENV[info.env] : undefined
  if (v) env.envVersion = v
  return env
}
