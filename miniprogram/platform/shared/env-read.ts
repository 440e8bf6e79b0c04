import { RunEnvironment } from '../../core/environment'

export { attempt } from './attempt'

/** The device fields every platform's getSystemInfoSync shares (wx names). */
export interface SystemFields {
  platform?: unknown
  system?: unknown
  brand?: unknown
  model?: unknown
  language?: unknown
  SDKVersion?: unknown
}

/** Sets the string fields that are present and non-empty. */
export function setStrings(
  env: RunEnvironment,
  fields: Partial<Record<keyof RunEnvironment, unknown>>,
): void {
  for (const [k, v] of Object.entries(fields))
    if (typeof v === 'string' && v !== '') (env as unknown as Record<string, unknown>)[k] = v
}

export function deviceFields(info: SystemFields | undefined): Partial<Record<keyof RunEnvironment, unknown>> {
  const i = info ?? {}
  return {
    platform: i.platform,
    system: i.system,
    brand: i.brand,
    model: i.model,
    language: i.language,
    baseLibrary: i.SDKVersion,
  }
}
