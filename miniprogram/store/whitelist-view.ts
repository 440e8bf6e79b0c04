import { breakableUrl } from '../core/format'
import { ProbeResult } from '../core/result'
import { CATEGORY_LABELS } from '../core/text'
import { CATEGORIES, Category, PlatformId } from '../core/vocabulary'
import { whitelistBlocks } from '../core/whitelist'
import { singleList } from './platform-words'
import type { RunStore } from './run-store'

/*
 * What to add to which console list (one job of the view model, store/view-model.ts): the whitelist tab's
 * paste-ready blocks, and the not-whitelisted failures of a run as the "add these" card; on Alipay, one list of
 * host names instead of WeChat's four lists of URLs.
 */

/** Not-whitelisted failures of one category (on Alipay, of all): the URLs, and the text a console field takes. */
export interface MissingView {
  category: Category
  label: string
  urls: string[]
  text: string
}

export interface WhitelistView {
  blocks: { category: Category; title: string; domains: string[]; text: string; lines: string }[]
  allText: string
}

export function buildWhitelistView(store: RunStore): WhitelistView {
  const res = store.resolution
  if (!res.ok) return { blocks: [], allText: '' }
  const four = whitelistBlocks(store.targets())
  const one = singleList(
    store.environment.platformId,
    four.flatMap((b) => b.domains),
  )
  const blocks = one
    ? [
        {
          category: 'request' as Category,
          title: one.label,
          domains: one.urls,
          text: one.text,
          lines: one.lines,
        },
      ]
    : four.map((b) => ({
        category: b.category,
        title: CATEGORY_LABELS[b.category].zh,
        domains: b.domains.map(breakableUrl),
        text: b.joined,
        lines: b.lines,
      }))
  // "Copy all": every category's block under its console label, as the button says.
  return { blocks, allText: blocks.map((b) => `${b.title}\n${b.lines}`).join('\n\n') }
}

/**
 * Not-whitelisted failures per category, with the `;`-joined text a console field takes; on Alipay, one list
 * of host names.
 */
export function missingBlocks(results: readonly ProbeResult[], platformId?: PlatformId): MissingView[] {
  const one = singleList(
    platformId,
    results.filter((r) => r.status === 'fail' && r.error?.category === 'not_whitelisted').map((r) => r.url),
  )
  if (one) return one.urls.length ? [{ category: 'request', ...one }] : []
  const out: MissingView[] = []
  for (const category of CATEGORIES) {
    const urls = results
      .filter(
        (r) => r.status === 'fail' && r.category === category && r.error?.category === 'not_whitelisted',
      )
      .map((r) => r.url)
    if (urls.length > 0)
      out.push({
        category,
        label: CATEGORY_LABELS[category].zh,
        urls: urls.map(breakableUrl),
        text: urls.join(';'),
      })
  }
  return out
}
