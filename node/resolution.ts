import type { CatalogEntry } from '../miniprogram/core/catalog'
import { formatResolveMessage } from '../miniprogram/core/messages'
import { Resolution, resolveDomains } from '../miniprogram/core/resolver'
import type { Lang } from '../miniprogram/core/vocabulary'
import { UsageError } from './args'

/** `--sdk` resolved to the catalog's domains, or the resolver's message as a usage error (exit 2). */
export function resolveOrFail(sdk: string, lang: Lang, catalog?: readonly CatalogEntry[]): Resolution {
  const result = resolveDomains(sdk, catalog)
  if (!result.ok) throw new UsageError(formatResolveMessage(result.error, lang))
  return result
}

/** The resolver's notices and warnings, in the chosen language. */
export function resolutionMessages(res: Resolution, lang: Lang): string[] {
  return [...res.notices, ...res.warnings].map((m) => formatResolveMessage(m, lang))
}
