import { LoadedCatalog } from '../core/catalog-json'
import { ExtraDomains } from '../core/extra-domains'
import { CATALOG_TEXT, fill } from '../core/text'
import { Lang } from '../core/vocabulary'

/*
 * What the panel says under the version field about the run's setup (one job, for store/run-store.ts): the
 * host's catalog (loading, imported, or refused and replaced by the built-in one), the app's own domains, and
 * one message per bad entry of them.
 */

export function setupNotes(
  catalog: LoadedCatalog | 'loading' | undefined,
  extras: ExtraDomains,
  lang: Lang,
): string[] {
  const t = CATALOG_TEXT
  const out = !catalog
    ? []
    : [
        catalog === 'loading'
          ? t.loading[lang]
          : catalog.ok
            ? fill(t.imported[lang], catalog.info)
            : fill(t.fallback[lang], catalog),
      ]
  if (extras.entries.length) out.push(fill(t.extras[lang], { n: extras.entries.length }))
  return out.concat(extras.errors)
}
