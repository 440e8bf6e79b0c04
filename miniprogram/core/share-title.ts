import { fill } from './text'
import { CARD_TITLE_TEXT } from './text-view'
import type { Lang } from './vocabulary'

/*
 * A share card's title, for the report page and `zim-netcheck/share` (the panel never builds one): its own module,
 * so the panel's bundle does not carry it (issue 31).
 */

/** At most `max` characters (UTF-16 units: Chinese and ASCII count one each), an ellipsis in place of the rest. */
export const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`

/** A share card's title in the panel's language, at most 30 characters (WeChat cuts longer ones). */
export function shareTitle(
  report: { sdk: { resolved: string }; summary: { total: number; fail: number } } | undefined,
  lang: Lang,
): string {
  const t = CARD_TITLE_TEXT[lang]
  if (!report) return t.none
  const s = report.summary
  const values = { sdk: clip(report.sdk.resolved, 10), fail: s.fail, total: s.total }
  return clip(fill(s.fail > 0 ? t.fail : t.ok, values), 30)
}
