/*
 * How `netcheck view` puts reports into the page: one `<script type="application/json" id="zim-embedded">`
 * element (never executed: not JavaScript, and the page's CSP allows only its own script's hash). The JSON is
 * written with `<`, `>`, `&` and the JS line separators as \u escapes, so no text inside it can close the
 * element (`</script>`) or open a comment; JSON.parse reads back the same value.
 */

export const EMBED_SCHEMA = 'zim-netcheck/viewer-input@1'
export const EMBED_OPEN = '<script type="application/json" id="zim-embedded">'
export const EMBED_CLOSE = '</script>'

export interface Embedded {
  schema: typeof EMBED_SCHEMA
  /** The inputs as given (a report's JSON, a share link, copied text): the page reads each like a paste. */
  items: { name: string; text: string }[]
}

export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** The page with `items` in its data element. Throws when the page has no (or more than one) such element. */
export function embedInto(page: string, items: Embedded['items']): string {
  const at = page.indexOf(EMBED_OPEN)
  if (at < 0 || page.indexOf(EMBED_OPEN, at + 1) >= 0)
    throw new Error('the viewer page has no single data element')
  const start = at + EMBED_OPEN.length
  const end = page.indexOf(EMBED_CLOSE, start)
  if (end < 0) throw new Error('the viewer page has no single data element')
  const data: Embedded = { schema: EMBED_SCHEMA, items }
  return page.slice(0, start) + embedJson(data) + page.slice(end)
}
