/*
 * The only way the viewer makes DOM: text goes in as text nodes (textContent), attributes through a short
 * allow-list, handlers as functions. Nothing from a report ever reaches innerHTML, an `on…` attribute, a URL
 * attribute or a style.
 */

type Child = Node | string | number | false | null | undefined | Child[]

export interface Props {
  class?: string
  title?: string
  id?: string
  /** data-* attributes (names are ours, values may be data). */
  data?: Record<string, string>
  /** Other fixed attributes of ours: type, for, colspan, aria-*, role, lang, placeholder, accept… */
  attrs?: Record<string, string>
  onClick?: (ev: MouseEvent) => void
  onChange?: (ev: Event) => void
  onInput?: (ev: Event) => void
}

const ATTR_OK =
  /^(type|for|colspan|rowspan|role|lang|placeholder|accept|multiple|checked|value|name|rows|spellcheck|aria-[a-z]+|scope|tabindex|download)$/

export function h(tag: string, props: Props | null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag)
  if (props) {
    if (props.class) el.className = props.class
    if (props.title !== undefined) el.title = props.title
    if (props.id) el.id = props.id
    for (const [k, v] of Object.entries(props.data ?? {})) el.setAttribute(`data-${k}`, v)
    for (const [k, v] of Object.entries(props.attrs ?? {})) {
      if (!ATTR_OK.test(k)) throw new Error(`attribute ${k} is not allowed`)
      el.setAttribute(k, v)
    }
    if (props.onClick) el.addEventListener('click', props.onClick as EventListener)
    if (props.onChange) el.addEventListener('change', props.onChange)
    if (props.onInput) el.addEventListener('input', props.onInput)
  }
  append(el, children)
  return el
}

function append(el: Node, children: Child[]) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue
    if (Array.isArray(c)) append(el, c)
    else if (typeof c === 'string' || typeof c === 'number')
      el.appendChild(document.createTextNode(String(c)))
    else el.appendChild(c)
  }
}
