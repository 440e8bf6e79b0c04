import { deviceName } from '../core/format'
import {
  describeEnforcement,
  enforcementState,
  RunEnvironment,
  WhitelistEnforcement,
} from '../core/environment'
import { ENFORCEMENT_TEXT } from '../core/text'
import { Lang } from '../core/vocabulary'
import type { RunStore } from './run-store'
import { words } from './words'

/*
 * The environment as the panel and the report show it (one job of the view model, store/view-model.ts): the
 * device rows, whether the whitelist is checked and how that is known, the not-enforced banner, and the one
 * line naming the device a report came from.
 */

export interface EnvView {
  rows: { label: string; value: string }[]
  notEnforced: boolean
  /** The banner's one sentence, its first clause set in bold: said once, its title not repeated. */
  notEnforcedTitle: string
  notEnforcedText: string
}

/**
 * describeEnforcement's sentence split at its first bracket: `本次运行不校验合法域名` + `（已开启调试模式…）：通过只说明…`,
 * so the banner shows one sentence with its head in bold, not a title and then the same words again.
 */
export function enforcementBanner(
  e: WhitelistEnforcement,
  lang: Lang,
  env?: Parameters<typeof describeEnforcement>[2],
): { title: string; text: string } {
  if (e.enforced) return { title: '', text: '' }
  const sentence = describeEnforcement(e, lang, env)
  const cut = sentence.search(/（| \(/)
  const head = cut > 0 ? sentence.slice(0, cut) : sentence
  return { title: head.charAt(0).toUpperCase() + head.slice(1), text: cut > 0 ? sentence.slice(cut) : '' }
}

export function buildEnvView(store: RunStore): EnvView {
  const env: RunEnvironment = store.environment
  const t = words(store.lang, env.platformId)
  const rows = [
    { label: t.envWechat, value: env.wechatVersion ?? '' },
    { label: t.envBaseLib, value: env.baseLibrary ?? '' },
    {
      label: t.envDevice,
      value: deviceName(env) || (env.platform ?? ''),
    },
    { label: t.envNetwork, value: env.networkType ?? '' },
    { label: t.envApp, value: [env.appId, env.envVersion].filter(Boolean).join(' · ') },
  ].filter((r) => r.value !== '')
  const enforcement = store.enforcement
  const record = store.measured?.record
  const E = ENFORCEMENT_TEXT
  // Whether the whitelist is checked, and how that is known (issue 27): measured by the canary, or inferred.
  rows.push({
    label: E.row[store.lang],
    value:
      E.rowValue[enforcementState(enforcement)][store.lang] +
      E.rowSource[record?.source ?? 'inferred'][store.lang],
  })
  const banner = enforcementBanner(enforcement, store.lang, { ...env, enforcement: record })
  return {
    rows,
    notEnforced: !enforcement.enforced,
    notEnforcedTitle: banner.title,
    notEnforcedText: banner.text,
  }
}
