'use strict'
/**
 * WXSS → ACSS / TTSS / Baidu CSS / QSS, through postcss's parser (a real CSS tree, not text replacement):
 * - `@import "x.wxss"` names the target's file (`x.acss`, `x.ttss`, `x.css`, `x.qss`; `x.css` on xhs too);
 * - `rpx` stays: all four platforms document rpx (docs/platforms.md, "Templates and projects");
 * - selectors a target is not known to support stop the build with the file, line and selector (REFUSED).
 */
const postcss = require('postcss')
const { TARGETS } = require('./targets')

/**
 * Selectors refused per target. `:host` styles a WeChat component's own node. Alipay documents it only for a
 * component declared `virtualHost: false`, from base library 2.8.0 (AlipayDocs/open-docs mini/framework/自定义组件/
 * 组件模板和样式.md, ":host 选择器"); the build keeps its components virtual (the default: no extra node in the
 * host page's layout) and works from 2.7.2, so there the root class stands for :host (hostSelector). Baidu's
 * component docs read here do not describe it. A stylesheet using it would silently lose that rule there.
 */
const REFUSED = {
  alipay: [
    {
      test: /:host\b/,
      why: ':host works on Alipay only with virtualHost: false (base library 2.8.0+), which the build does not set',
    },
  ],
  baidu: [{ test: /:host\b/, why: ':host (WeChat component host) is not documented on Baidu' }],
  // No Xiaohongshu page read describes :host (docs/platforms.md X8): the root class stands for it, as on Baidu.
  xhs: [{ test: /:host\b/, why: ':host (WeChat component host) is not documented on Xiaohongshu' }],
  douyin: [],
  qq: [],
  wechat: [],
}

class StyleError extends Error {}

/**
 * The selector that stands for `:host` where a target has none: the class of the template's root node (a WXML
 * component here always has one root `<view class="…">`). Its custom properties then apply to the whole
 * component, as they do under `:host`; a host app overrides them on that class instead of the tag.
 */
function hostSelector(wxml, file = 'component.wxml') {
  const m = /^\s*(?:<!--[\s\S]*?-->\s*)*<[\w-]+\b[^>]*?\bclass="([\w-]+)/.exec(wxml)
  if (!m) throw new StyleError(`${file}: no class on the root node, so :host has nothing to stand for`)
  return `.${m[1]}`
}

function convertStyle(css, target, file = `style${TARGETS.wechat.ext.style}`, opts = {}) {
  if (target === 'wechat') return css
  let root
  try {
    root = postcss.parse(css, { from: file })
  } catch (e) {
    throw new StyleError(`${file}: ${e.reason || e.message}`)
  }
  const ext = TARGETS[target].ext.style
  root.walkAtRules('import', (rule) => {
    rule.params = rule.params.replace(/\.wxss(['")\s]|$)/g, `${ext}$1`)
  })
  root.walkRules((rule) => {
    // Where :host is refused, the component's root class stands for it (hostSelector), when the build names it.
    if (opts.host && REFUSED[target].some((r) => r.test.test(':host')))
      rule.selector = rule.selector.replace(/:host\b/g, opts.host)
    for (const r of REFUSED[target]) {
      if (r.test.test(rule.selector)) {
        const line = rule.source && rule.source.start ? rule.source.start.line : '?'
        throw new StyleError(`${file}:${line}: "${rule.selector}": ${r.why}`)
      }
    }
  })
  return root.toString()
}

/** Every rule of a stylesheet as `selector { prop: value; … }` lines, for comparing two stylesheets. */
function styleRules(css) {
  const out = []
  postcss.parse(css).walkDecls((d) => {
    const chain = []
    for (let p = d.parent; p && p.type !== 'root'; p = p.parent)
      chain.unshift(p.type === 'rule' ? p.selector : `@${p.name} ${p.params}`)
    out.push(`${chain.join(' > ')} { ${d.prop}: ${d.value} }`)
  })
  return out
}

module.exports = { convertStyle, hostSelector, styleRules, StyleError, REFUSED }
