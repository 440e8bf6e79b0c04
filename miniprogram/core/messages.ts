import { GapWarning, ResolveError, ResolveNotice } from './resolver'
import { CATALOG_TEXT, fill, purposeLabel, RESOLVE_TEXT } from './text'
import { Lang } from './vocabulary'

/** Human text for the resolver's notices, warnings and errors, zh first (the sentences are in text.ts). */
export function formatResolveMessage(
  msg: ResolveNotice | GapWarning | ResolveError,
  lang: Lang = 'en',
): string {
  const values: Record<string, string | undefined> = { ...msg }
  if (msg.code === 'beyond') return fill(CATALOG_TEXT.beyond[lang], values)
  if (msg.code === 'gap') values.purposeLabel = purposeLabel(msg.purpose, lang)
  return fill(RESOLVE_TEXT[msg.code][lang], values)
}
