import { CatalogEntry } from './catalog'
import { Category, CATEGORIES, Purpose } from './vocabulary'

/** One probe of a run: a catalog row reduced to what the engine and the report need. */
export interface PlannedProbe {
  id: string
  category: Category
  url: string
  purpose: Purpose
}

export function planProbes(entries: readonly CatalogEntry[], only?: readonly Category[]): PlannedProbe[] {
  const keep = only && only.length > 0 ? new Set(only) : undefined
  return entries
    .filter((e) => !keep || keep.has(e.category))
    .map(({ id, category, url, purpose }) => ({ id, category, url, purpose }))
}

/** The category a user named, in any case (`uploadfile`, `SOCKET`); undefined for anything else. */
export const categoryNamed = (name: string): Category | undefined =>
  CATEGORIES.find((c) => c.toLowerCase() === name.trim().toLowerCase())

/** Reads `socket,request` as typed by a user; unknown names are an error, never silently dropped. */
export function parseCategoryList(
  text: string,
): { ok: true; categories: Category[] } | { ok: false; error: string } {
  const parts = text.split(/[\s,，;]+/).filter(Boolean)
  if (parts.length === 0) return { ok: false, error: `no category given; use ${CATEGORIES.join(', ')}` }
  const categories: Category[] = []
  for (const part of parts) {
    const match = categoryNamed(part)
    if (!match) {
      return { ok: false, error: `unknown category "${part}"; use ${CATEGORIES.join(', ')}` }
    }
    if (!categories.includes(match)) categories.push(match)
  }
  return { ok: true, categories }
}
