import { RunEnvironment } from '../../core/environment'
import { attempt, deviceFields, setStrings, SystemFields } from '../shared/env-read'

/**
 * The parts of `tt` the environment reads: `tt.getEnvInfoSync().microapp` {appId, envType: production |
 * development | preview} (@douyin-microapp/typings api/get-env-info-sync.d.ts; 2.21.0+ per the design notes),
 * falling back to `tt.env.VERSION` as the ZIM SDK does; `tt.getSystemInfoSync()` for the device, where
 * `platform: 'devtools'` is the IDE (as on wx; unverified for Douyin's IDE).
 */
export interface TtEnvApi {
  getEnvInfoSync?: () => { microapp?: { appId?: string; envType?: string } }
  getSystemInfoSync?: () => SystemFields
  env?: { VERSION?: string }
}

/**
 * production → release. development (a test build) and preview (a scanned preview) are mapped to develop:
 * whether either checks the list is unverified, so neither may count as enforced.
 */
const ENV: Record<string, RunEnvironment['envVersion']> = {
  production: 'release',
  development: 'develop',
  preview: 'develop',
}

export function readDouyinEnvironment(tt: TtEnvApi): RunEnvironment {
  const sys = attempt(tt.getSystemInfoSync)
  const env: RunEnvironment = {
    runtime: sys?.platform === 'devtools' ? 'devtools' : 'wechat',
    platformId: 'douyin',
  }
  const app = attempt(tt.getEnvInfoSync)?.microapp
  setStrings(env, deviceFields(sys))
  setStrings(env, { appId: app?.appId })
  const type = app?.envType ?? tt.env?.VERSION
  const v = typeof type === 'string' ? ENV[type] : undefined
  if (v) env.envVersion = v
  return env
}
