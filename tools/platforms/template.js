'use strict'
/**
 * WXML → AXML (Alipay) / TTML (Douyin) / SWAN (Baidu) / QML (QQ) / XHSML (Xiaohongshu), through one tree.
 *
 * `parseTemplate(text, dialect)` reads a template of any of the dialects with htmlparser2 (xml mode: case and
 * self-closing tags kept, entities left as written; mustaches are set aside before parsing so that a `<` inside
 * `{{a < b}}` is never read as a tag) into a tree whose elements carry their directives apart from their plain
 * attributes:
 *
 *   { type: 'element', tag, cond?: {kind: 'if'|'elif'|'else', expr?}, loop?: {list, item, index, key?},
 *     events: [{phase: 'bind'|'catch'|'capture-bind'|'capture-catch', type, handler}],
 *     attrs: [{name, value, bare}], children }
 *   { type: 'text', text }
 *
 * `emitTemplate(tree, target)` writes it in a target's dialect, and `structure(tree, components)` gives the
 * form two templates are compared in (tests: every generated template, read back, has its source's structure).
 * Nothing here knows the panel's markup: every element, directive, event and attribute goes through the same
 * rules. What a dialect cannot express stops the build with a sentence naming the file and the attribute.
 */
const { Parser } = require('htmlparser2')
const { TARGETS } = require('./targets')

/** Directive prefixes of every dialect: an attribute starting with one not the file's own is an error. */
const PREFIXES = ['wx:', 'a:', 'tt:', 's-', 'qq:', 'xhs:']
const LOOP_KEYS = ['for', 'for-items', 'for-item', 'for-index', 'key']
const COND_KEYS = ['if', 'elif', 'else']
/** wx-style event attributes: bindtap, bind:tap, catch:tap, capture-bind:tap, capture-catch:tap. */
const WX_EVENT = /^(capture-bind|capture-catch|mut-bind|bind|catch):?([A-Za-z][\w-]*)$/
/** Alipay's: onTap, catchTap, capture-onTap, capture-catchTap. */
const MY_EVENT = /^(capture-on|capture-catch|on|catch)([A-Z][\w]*)$/
const MY_PHASE = {
  on: 'bind',
  catch: 'catch',
  'capture-on': 'capture-bind',
  'capture-catch': 'capture-catch',
}
const PHASE_MY = {
  bind: 'on',
  catch: 'catch',
  'capture-bind': 'capture-on',
  'capture-catch': 'capture-catch',
}
/** Alipay's names for wx events whose name is not the wx name capitalised (Alipay event docs). */
const MY_EVENT_NAMES = {
  longpress: 'LongTap',
  longtap: 'LongTap',
  touchstart: 'TouchStart',
  touchmove: 'TouchMove',
  touchend: 'TouchEnd',
  touchcancel: 'TouchCancel',
  scrolltoupper: 'ScrollToUpper',
  scrolltolower: 'ScrollToLower',
}
/** Tags whose content is code in another language: not converted (keep logic in the view model). */
const SCRIPT_TAGS = new Set(['wxs', 'sjs', 'import-sjs', 'qs', 'filter'])
const TEMPLATE_EXT = /\.(wxml|axml|ttml|swan|qml|xhsml)$/

class TemplateError extends Error {}

function fail(file, message) {
  throw new TemplateError(`${file}: ${message}`)
}

/** `{{ a }}` → `a`; a value that is not one whole mustache is returned as it is (trimmed). */
function unwrap(value) {
  const v = value.trim()
  const m = /^\{\{([\s\S]*)\}\}$/.exec(v)
  if (m && !/\}\}[\s\S]*\{\{/.test(v)) return m[1].trim()
  return undefined
}

const squash = (s) => s.replace(/\s+/g, ' ').trim()

/** Reads the markup into raw nodes: {type:'element', tag, attrs: [{name, value, bare}], children} | text. */
function parseRaw(text, file) {
  const saved = []
  const hidden = text.replace(/\{\{[\s\S]*?\}\}/g, (m) => {
    saved.push(m)
    return `\u0001${saved.length - 1}\u0002`
  })
  const restore = (s) => s.replace(/\u0001(\d+)\u0002/g, (_, i) => saved[Number(i)])
  const root = { type: 'element', tag: '#root', attrs: [], children: [] }
  const stack = [root]
  let attrs = []
  let error
  const selfClosing = new WeakMap()
  const parser = new Parser(
    {
      onattribute(name, value, quote) {
        attrs.push({ name, value: restore(value), bare: quote === undefined })
      },
      onopentag(name) {
        const el = { type: 'element', tag: name, attrs, children: [] }
        selfClosing.set(el, /\/\s*>$/.test(hidden.slice(parser.startIndex, parser.endIndex + 1)))
        attrs = []
        stack[stack.length - 1].children.push(el)
        stack.push(el)
      },
      onclosetag(name, implied) {
        const top = stack.pop()
        // Self-closing tags close "implied" too; any other implied close was never written.
        if (implied && !selfClosing.get(top) && !error) error = `<${name}> is not closed`
        if (top.tag !== name && !error) error = `</${name}> closes <${top.tag}>`
      },
      ontext(t) {
        const parent = stack[stack.length - 1]
        const last = parent.children[parent.children.length - 1]
        const value = restore(t)
        if (last && last.type === 'text') last.text += value
        else parent.children.push({ type: 'text', text: value })
      },
      onerror(e) {
        if (!error) error = e.message
      },
    },
    {
      xmlMode: true,
      recognizeSelfClosing: true,
      decodeEntities: false,
      lowerCaseTags: false,
      lowerCaseAttributeNames: false,
    },
  )
  parser.write(hidden)
  parser.end()
  if (error) fail(file, error)
  return root.children
}

/** The event's name as every dialect compares it: lower case, no hyphens, Alipay's LongTap = longpress. */
function eventKey(type) {
  const t = type.toLowerCase().replace(/-/g, '')
  return t === 'longtap' ? 'longpress' : t
}

function camel(name) {
  return name.replace(/-([a-z])/g, (_, c) => c.toUpperCase())
}

/** Reads a Baidu s-for value: `item, index in list trackBy item.id`, `item in list` or just `list`. */
function parseSwanFor(value, file) {
  let v = value.trim()
  let track
  const t = /\s+trackBy\s+(.+)$/.exec(v)
  if (t) {
    track = t[1].trim()
    v = v.slice(0, t.index)
  }
  const m = /^([A-Za-z_$][\w$]*)(?:\s*,\s*([A-Za-z_$][\w$]*))?\s+in\s+([\s\S]+)$/.exec(v)
  const inner = unwrap(v)
  const out = m ? { item: m[1], index: m[2], list: m[3].trim() } : { list: inner !== undefined ? inner : v }
  if (track !== undefined) out.track = track
  if (!out.list) fail(file, `s-for="${value}" names no list`)
  return out
}

/**
 * One raw element → its directives, events and plain attributes, in `dialect` ('wx' for wx:, tt:, qq:, xhs:; 'alipay';
 * 'swan'). `prefix` is the file's own directive prefix.
 */
function readElement(raw, dialect, prefix, file) {
  const el = { type: 'element', tag: raw.tag, events: [], attrs: [], children: [] }
  const loop = {}
  for (const a of raw.attrs) {
    const where = `<${raw.tag} ${a.name}>`
    if (a.name.startsWith(prefix)) {
      const key = a.name.slice(prefix.length)
      if (COND_KEYS.includes(key)) {
        if (el.cond) fail(file, `${where}: a second condition on one element`)
        if (key === 'else') {
          if (!a.bare && a.value.trim() !== '') fail(file, `${where} takes no value`)
          el.cond = { kind: 'else' }
        } else {
          const expr = dialect === 'swan' ? (unwrap(a.value) ?? a.value.trim()) : unwrap(a.value)
          if (expr === undefined || expr === '')
            fail(file, `${where}="${a.value}" must be one {{expression}}`)
          el.cond = { kind: key, expr: squash(expr) }
        }
      } else if (LOOP_KEYS.includes(key)) {
        if (dialect === 'swan' && key === 'for') Object.assign(loop, parseSwanFor(a.value, file))
        else if (key === 'for' || key === 'for-items') {
          const list = unwrap(a.value)
          if (list === undefined) fail(file, `${where}="${a.value}" must be one {{expression}}`)
          loop.list = list
        } else loop[key === 'for-item' ? 'item' : key === 'for-index' ? 'index' : 'key'] = a.value.trim()
      } else fail(file, `${where}: unknown directive`)
      continue
    }
    const other = PREFIXES.find((p) => p !== prefix && a.name.startsWith(p))
    if (other) fail(file, `${where}: a ${other} directive in a ${prefix} template`)
    const ev = dialect === 'alipay' ? MY_EVENT.exec(a.name) : WX_EVENT.exec(a.name)
    if (ev) {
      const phase = dialect === 'alipay' ? MY_PHASE[ev[1]] : ev[1]
      if (phase === 'mut-bind') fail(file, `${where}: mut-bind exists on WeChat only`)
      el.events.push({ phase, type: ev[2], handler: a.value.trim() })
      continue
    }
    el.attrs.push({ name: a.name, value: a.value, bare: a.bare })
  }
  if (Object.keys(loop).length) {
    if (loop.list === undefined) fail(file, `<${raw.tag}>: for-item / for-index / key without a for`)
    const item = loop.item || 'item'
    let key = loop.key
    if (loop.track !== undefined) {
      if (loop.track === item) key = '*this'
      else if (loop.track.startsWith(`${item}.`)) key = loop.track.slice(item.length + 1)
      else fail(file, `<${raw.tag}>: trackBy ${loop.track} is not ${item} or a field of it`)
    }
    el.loop = { list: squash(loop.list), item, index: loop.index || 'index' }
    if (key !== undefined) el.loop.key = key
  }
  return el
}

/** Reads a template of `target`'s dialect into the tree (see the top of this file). */
function parseTemplate(text, target, file = `template${TARGETS[target].ext.template}`) {
  const { dialect, prefix } = TARGETS[target]
  const visit = (nodes) =>
    nodes.map((n) => {
      if (n.type === 'text') return { type: 'text', text: n.text }
      if (SCRIPT_TAGS.has(n.tag))
        fail(file, `<${n.tag}> is not converted between platforms: compute it in the view model`)
      const el = readElement(n, dialect, prefix, file)
      el.children = visit(n.children)
      return el
    })
  return visit(parseRaw(text, file))
}

// ---- emitting ----

function quoteAttr(name, value) {
  if (!value.includes('"')) return `${name}="${value}"`
  if (!value.includes("'")) return `${name}='${value}'`
  return `${name}="${value.replace(/"/g, '&quot;')}"`
}

function eventAttr(ev, target) {
  if (TARGETS[target].dialect === 'alipay') {
    const k = eventKey(ev.type)
    const name = MY_EVENT_NAMES[k] || camel(`-${ev.type}`).replace(/^./, (c) => c.toUpperCase())
    return `${PHASE_MY[ev.phase]}${name}`
  }
  // wx, tt, qq and xhs take both forms (xhs: bindinput in uni-app's mp-xhs output); Baidu documents bind:tap.
  return TARGETS[target].dialect === 'swan' || ev.type.includes('-') || ev.phase.startsWith('capture')
    ? `${ev.phase}:${ev.type}`
    : `${ev.phase}${ev.type}`
}

function swanFor(loop) {
  let v = `${loop.item}, ${loop.index} in ${loop.list}`
  if (loop.key === '*this') v += ` trackBy ${loop.item}`
  else if (loop.key !== undefined && /^[A-Za-z_$][\w$.]*$/.test(loop.key))
    v += ` trackBy ${loop.item}.${loop.key}`
  return v
}

/**
 * The tree in `target`'s dialect. `components`: the custom component tags of the file (from its JSON): on
 * Alipay their hyphenated attributes become the camelCase props a component reads (`report-id` → reportId).
 */
function emitTemplate(tree, target, { components = [], file = 'template' } = {}) {
  const t = TARGETS[target]
  const custom = new Set(components)
  const directives = (el) => {
    const out = []
    if (t.dialect === 'swan') {
      if (el.loop) out.push(quoteAttr('s-for', swanFor(el.loop)))
      if (el.cond) out.push(el.cond.kind === 'else' ? 's-else' : quoteAttr(`s-${el.cond.kind}`, el.cond.expr))
      return out
    }
    if (el.cond)
      out.push(
        el.cond.kind === 'else'
          ? `${t.prefix}else`
          : quoteAttr(`${t.prefix}${el.cond.kind}`, `{{${el.cond.expr}}}`),
      )
    if (el.loop) {
      out.push(quoteAttr(`${t.prefix}for`, `{{${el.loop.list}}}`))
      if (el.loop.item !== 'item') out.push(quoteAttr(`${t.prefix}for-item`, el.loop.item))
      if (el.loop.index !== 'index') out.push(quoteAttr(`${t.prefix}for-index`, el.loop.index))
      if (el.loop.key !== undefined) out.push(quoteAttr(`${t.prefix}key`, el.loop.key))
    }
    return out
  }
  const attr = (el, a) => {
    let name = a.name
    let value = a.value
    if (t.dialect === 'alipay' && custom.has(el.tag) && !/^(data|aria)-/.test(name)) name = camel(name)
    if ((el.tag === 'import' || el.tag === 'include') && name === 'src')
      value = value.replace(TEMPLATE_EXT, t.ext.template)
    if (t.dialect === 'swan' && el.tag === 'template' && name === 'data') {
      const inner = unwrap(value)
      if (inner !== undefined) value = `{{{${inner}}}}`
    }
    return a.bare ? name : quoteAttr(name, value)
  }
  const visit = (nodes) => {
    let out = ''
    nodes.forEach((n, i) => {
      if (n.type === 'text') {
        out += n.text
        return
      }
      if (t.dialect !== 'wx' && n.loop && n.cond) {
        // Baidu refuses s-if and s-for on one tag, and Alipay does not document which of a:if / a:for comes
        // first; WXML runs the condition per item, as this does.
        const next = nodes.slice(i + 1).find((x) => x.type === 'element')
        if (next && next.cond && next.cond.kind !== 'if')
          fail(file, `<${n.tag}> has both a loop and a condition and is followed by an elif/else`)
        const { loop, ...inner } = n
        out += `<block ${directives({ loop }).join(' ')}>${visit([inner])}</block>`
        return
      }
      const parts = [
        n.tag,
        ...directives(n),
        ...n.attrs.map((a) => attr(n, a)),
        ...n.events.map((e) => quoteAttr(eventAttr(e, target), e.handler)),
      ]
      out += n.children.length
        ? `<${parts.join(' ')}>${visit(n.children)}</${n.tag}>`
        : `<${parts.join(' ')} />`
    })
    return out
  }
  return visit(tree)
}

/** One template file converted: WXML text → `target`'s text. */
function convertTemplate(wxml, target, opts = {}) {
  if (target === 'wechat') return wxml
  return emitTemplate(parseTemplate(wxml, 'wechat', opts.file), target, opts)
}

// ---- comparing ----

/**
 * The form two templates are compared in: elements with their tag, condition, loop, events (phase, event name
 * as every dialect compares it, handler) and attributes (custom components' in camelCase, template paths
 * without extension, Baidu's template data braces as WXML's), whitespace-only text dropped and text squashed.
 * A `<block>` that only loops over one conditional element (Baidu's form of wx:for + wx:if on one tag) is that
 * element.
 */
function structure(tree, components = []) {
  const custom = new Set(components)
  const attrOf = (el, a) => {
    let name = a.name
    let value = a.bare ? true : a.value
    if (custom.has(el.tag) && !/^(data|aria)-/.test(name)) name = camel(name)
    if ((el.tag === 'import' || el.tag === 'include') && name === 'src' && typeof value === 'string')
      value = value.replace(TEMPLATE_EXT, '')
    if (el.tag === 'template' && name === 'data' && typeof value === 'string') {
      const inner = unwrap(value)
      if (inner !== undefined) value = `{{${squash(inner.replace(/^\{([\s\S]*)\}$/, '$1'))}}}`
    }
    return [name, value]
  }
  const visit = (nodes) => {
    const out = []
    for (const n of nodes) {
      if (n.type === 'text') {
        if (n.text.trim()) out.push({ text: squash(n.text) })
        continue
      }
      let el = n
      const kids = el.children.filter((c) => c.type === 'element' || c.text.trim())
      if (
        el.tag === 'block' &&
        el.loop &&
        !el.cond &&
        !el.attrs.length &&
        !el.events.length &&
        kids.length === 1 &&
        kids[0].type === 'element' &&
        kids[0].cond &&
        kids[0].cond.kind === 'if' &&
        !kids[0].loop
      ) {
        el = { ...kids[0], loop: el.loop }
      }
      const node = { tag: el.tag }
      if (el.cond) node.cond = el.cond.kind === 'else' ? 'else' : `${el.cond.kind} ${el.cond.expr}`
      if (el.loop) {
        const l = el.loop
        node.loop = `${l.item}, ${l.index} in ${l.list}${l.key !== undefined ? ` key ${l.key}` : ''}`
      }
      const events = el.events.map((e) => `${e.phase} ${eventKey(e.type)} → ${e.handler}`).sort()
      if (events.length) node.events = events
      const attrs = Object.fromEntries(
        el.attrs.map((a) => attrOf(el, a)).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
      )
      if (Object.keys(attrs).length) node.attrs = attrs
      const children = visit(el.children)
      if (children.length) node.children = children
      out.push(node)
    }
    return out
  }
  return visit(tree)
}

/** Every attribute name in a template's text that is a directive or event of another dialect than `target`'s. */
function foreignAttributes(text, target) {
  const raw = parseRaw(text, 'check')
  const found = []
  const own = TARGETS[target].prefix
  const visit = (nodes) => {
    for (const n of nodes) {
      if (n.type !== 'element') continue
      for (const a of n.attrs) {
        const p = PREFIXES.find((x) => a.name.startsWith(x))
        if (p && p !== own) found.push(`<${n.tag} ${a.name}>`)
        if (TARGETS[target].dialect === 'alipay' && WX_EVENT.test(a.name)) found.push(`<${n.tag} ${a.name}>`)
      }
      visit(n.children)
    }
  }
  visit(raw)
  return found
}

module.exports = {
  TemplateError,
  parseTemplate,
  emitTemplate,
  convertTemplate,
  structure,
  foreignAttributes,
  eventKey,
}
