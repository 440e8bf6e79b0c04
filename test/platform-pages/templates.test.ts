/**
 * The template generator (tools/platforms/template.js, style.js): every WXML file of the mini-program, and a
 * fixture using every directive and event form, converted to each platform's dialect and read back, has its
 * source's structure (elements, conditions, loops, events, attributes). Mutating a generated template makes
 * the check fail; what a dialect cannot express is refused with the file and attribute named.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const template = require('../../tools/platforms/template.js')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const style = require('../../tools/platforms/style.js')

const SRC = join(__dirname, '../../miniprogram')
const TARGETS = ['alipay', 'douyin', 'baidu', 'qq', 'xhs'] as const

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name)
    if (d.isDirectory()) return d.name === 'miniprogram_npm' ? [] : files(p, ext)
    return p.endsWith(ext) ? [p] : []
  })
}

/** The custom component tags of a template, from the JSON beside it. */
function componentsOf(wxmlFile: string): string[] {
  try {
    const json = JSON.parse(readFileSync(wxmlFile.replace(/\.wxml$/, '.json'), 'utf8'))
    return Object.keys(json.usingComponents ?? {})
  } catch {
    return []
  }
}

const structureOf = (text: string, dialect: string, components: string[]) =>
  template.structure(template.parseTemplate(text, dialect), components)

/** Every directive, event form and attribute kind WXML has (the generator must not depend on the panel's markup). */
const FIXTURE = `<import src="./parts.wxml" />
<include src="../shared/head.wxml" />
<template name="row"><view class="r {{done ? 'ok' : ''}}">{{label}}</view></template>
<view class="a {{on ? 'on' : ''}}" style="width: {{pct}}%; color: {{c}}" aria-role="button" aria-label="{{t.x}}" data-id="{{item.id}}" bindtap="onA" catch:longpress="onB" capture-bind:touchstart="onC" capture-catch:touchend="onD" bind:my-event="onE">
  <view wx:if="{{a > 1 && b < 2}}">one</view>
  <view wx:elif="{{c}}">two</view>
  <view wx:else>three</view>
  <block wx:if="{{show}}"><text>in block</text></block>
  <view wx:for="{{list}}" wx:key="*this">{{index}}: {{item}}</view>
  <view wx:for="{{groups}}" wx:for-item="g" wx:for-index="gi" wx:key="id">
    <text wx:for="{{g.rows}}" wx:for-item="r" wx:key="name" data-g="{{gi}}">{{r.name}}</text>
  </view>
  <view wx:for="{{rows}}" wx:if="{{item.visible}}" wx:key="id">{{item.id}}</view>
  <template is="row" data="{{...item, done}}" />
  <input value="{{v}}" bindinput="onInput" disabled="{{busy}}" />
  <text user-select>{{raw}}</text>
  <my-comp some-prop="{{x}}" bind:done="onDone" />
</view>`

describe('every WXML file of the mini-program, on every platform', () => {
  const wxmls = files(SRC, '.wxml')
  test('there are templates to check', () => {
    expect(wxmls.length).toBeGreaterThanOrEqual(5)
  })
  for (const file of wxmls) {
    for (const target of TARGETS) {
      test(`${relative(SRC, file)} → ${target}: same structure, read back in ${target}'s dialect`, () => {
        const source = readFileSync(file, 'utf8')
        const components = componentsOf(file)
        const out = template.convertTemplate(source, target, { components })
        expect(template.foreignAttributes(out, target)).toEqual([])
        expect(structureOf(out, target, components)).toEqual(structureOf(source, 'wechat', components))
      })
    }
  }
})

describe('the fixture with every WXML form', () => {
  const components = ['my-comp']
  const expected = structureOf(FIXTURE, 'wechat', components)

  test.each(TARGETS)('%s: read back, the same structure', (target) => {
    const out = template.convertTemplate(FIXTURE, target, { components })
    expect(structureOf(out, target, components)).toEqual(expected)
    expect(out).not.toMatch(/\bwx:/)
  })

  test('the structure holds what the markup says (it is not empty or flattened)', () => {
    const flat = JSON.stringify(expected)
    for (const part of [
      '"cond":"if a > 1 && b < 2"',
      '"cond":"elif c"',
      '"cond":"else"',
      '"loop":"g, gi in groups key id"',
      '"loop":"r, index in g.rows key name"',
      '"cond":"if item.visible","loop":"item, index in rows key id"',
      '"capture-catch touchend → onD"',
      '"bind myevent → onE"',
      '"aria-label":"{{t.x}}"',
      '"user-select":true',
      '"someProp":"{{x}}"',
    ])
      expect(flat).toContain(part)
  })

  test('Alipay: a:if / a:for / a:key, onTap-style events, props in camelCase, .axml paths', () => {
    const out = template.convertTemplate(FIXTURE, 'alipay', { components })
    for (const part of [
      'a:if="{{a > 1 && b < 2}}"',
      'a:elif="{{c}}"',
      'a:else',
      'a:for="{{groups}}" a:for-item="g" a:for-index="gi" a:key="id"',
      'onTap="onA"',
      'catchLongTap="onB"',
      'capture-onTouchStart="onC"',
      'capture-catchTouchEnd="onD"',
      'onMyEvent="onE"',
      'onInput="onInput"',
      'someProp="{{x}}"',
      'src="./parts.axml"',
      'onDone="onDone"',
    ])
      expect(out).toContain(part)
  })

  test('Baidu: s-if without braces, s-for "item, index in list trackBy", bind:tap, {{{ }}} template data', () => {
    const out = template.convertTemplate(FIXTURE, 'baidu', { components })
    for (const part of [
      's-if="a > 1 && b < 2"',
      's-elif="c"',
      's-else',
      's-for="item, index in list trackBy item"',
      's-for="g, gi in groups trackBy g.id"',
      'bind:tap="onA"',
      'catch:longpress="onB"',
      'data="{{{...item, done}}}"',
      'src="./parts.swan"',
      'src="../shared/head.swan"',
    ])
      expect(out).toContain(part)
    // Baidu refuses s-if and s-for on one tag: the loop goes on a block around the condition.
    expect(out).toContain('<block s-for="item, index in rows trackBy item.id"><view s-if="item.visible">')
    expect(out).not.toMatch(/<[^>]*s-for[^>]*s-if[^>]*>/)
  })

  test.each([
    ['douyin', 'tt:', '.ttml'],
    ['qq', 'qq:', '.qml'],
  ])('%s: %s prefix, wx events, %s paths', (target, prefix, ext) => {
    const out = template.convertTemplate(FIXTURE, target, { components })
    expect(out).toContain(`${prefix}if="{{a > 1 && b < 2}}"`)
    expect(out).toContain(`${prefix}for="{{list}}" ${prefix}key="*this"`)
    expect(out).toContain('bindtap="onA"')
    expect(out).toContain(`src="./parts${ext}"`)
  })
})

describe('the check fails when a generated template differs', () => {
  const source = readFileSync(join(SRC, 'components/netcheck-panel/index.wxml'), 'utf8')
  const expected = structureOf(source, 'wechat', [])
  const mutate = (target: string, from: RegExp, to: string) => {
    const out = template.convertTemplate(source, target)
    const mutated = out.replace(from, to)
    expect(mutated).not.toBe(out)
    return structureOf(mutated, target, [])
  }

  test('Alipay: an a:if dropped', () => {
    expect(mutate('alipay', /\sa:if="\{\{inputError\}\}"/, '')).not.toEqual(expected)
  })
  test('Baidu: an s-for over another list', () => {
    expect(mutate('baidu', /in env\.rows/, 'in env.cols')).not.toEqual(expected)
  })
  test('Douyin: an event handler renamed', () => {
    expect(mutate('douyin', /bindtap="onStart"/, 'bindtap="onStop"')).not.toEqual(expected)
  })
  test('QQ: a bind turned into a catch', () => {
    expect(mutate('qq', /bindtap="onCancel"/, 'catchtap="onCancel"')).not.toEqual(expected)
  })
  test('Alipay: an element removed', () => {
    expect(mutate('alipay', /<view class="nc-sub">\{\{t\.subtitle\}\}<\/view>/, '')).not.toEqual(expected)
  })
  test('Baidu: a condition changed', () => {
    expect(mutate('baidu', /s-if="run\.verdict"/, 's-if="run.tone"')).not.toEqual(expected)
  })
  test('a wx: attribute left in a non-WeChat template is found', () => {
    const out = template.convertTemplate(source, 'douyin').replace('tt:if', 'wx:if')
    expect(template.foreignAttributes(out, 'douyin').length).toBeGreaterThan(0)
    expect(() => template.parseTemplate(out, 'douyin')).toThrow(/a wx: directive in a tt: template/)
  })
})

describe('what a dialect cannot express is refused, with the file and attribute named', () => {
  test.each([
    ['<wxs module="m" src="./m.wxs" />', /<wxs> is not converted/],
    ['<view wx:iff="{{a}}" />', /<view wx:iff>: unknown directive/],
    ['<view wx:if="a" />', /wx:if>="a" must be one \{\{expression\}\}/],
    ['<view><text>a</view>', /<text> is not closed/],
    ['<view mut-bind:tap="x" />', /mut-bind exists on WeChat only/],
    ['<view wx:key="id" />', /without a for/],
  ])('%s', (wxml, message) => {
    expect(() => template.convertTemplate(wxml, 'alipay', { file: 'x.wxml' })).toThrow(message)
  })
  test('a loop with a condition followed by an else (no form on Baidu)', () => {
    const wxml = '<view wx:for="{{l}}" wx:if="{{item}}" /><view wx:else />'
    expect(() => template.convertTemplate(wxml, 'baidu', { file: 'x.wxml' })).toThrow(
      /followed by an elif\/else/,
    )
  })
})

describe('stylesheets', () => {
  const wxss = files(SRC, '.wxss')
  for (const file of wxss) {
    test.each(TARGETS)(`${relative(SRC, file)} → %s: the same rules, rpx kept`, (target) => {
      const source = readFileSync(file, 'utf8')
      const wxml = file.replace(/\.wxss$/, '.wxml')
      const host = file.includes('components')
        ? style.hostSelector(readFileSync(wxml, 'utf8'), wxml)
        : undefined
      const out = style.convertStyle(source, target, file, { host })
      // Where :host is refused (Alipay, Baidu) the root class stands for it; every other rule is the same.
      const refused = style.REFUSED[target].length > 0
      const expected = refused && host ? source.replace(/:host\b/g, host) : source
      expect(style.styleRules(out)).toEqual(style.styleRules(expected))
      expect((out.match(/rpx/g) ?? []).length).toBe((source.match(/rpx/g) ?? []).length)
    })
  }
  test.each([
    ['alipay', '.acss'],
    ['douyin', '.ttss'],
    ['baidu', '.css'],
    ['qq', '.qss'],
  ])('%s: @import names the %s file', (target, ext) => {
    const out = style.convertStyle('@import "../common/base.wxss";\n.a { width: 10rpx; }', target)
    expect(out).toContain(`@import "../common/base${ext}"`)
    expect(out).toContain('width: 10rpx')
  })
  test('a selector a platform is not documented to support stops the build', () => {
    expect(() =>
      style.convertStyle('.a { color: red; }\n:host { display: block; }', 'alipay', 'x.wxss'),
    ).toThrow(/x\.wxss:2: ":host"/)
    expect(style.convertStyle(':host { display: block; }', 'qq')).toContain(':host')
    // With the component's root class named, :host becomes that class (variables then reach the whole component).
    const root = style.hostSelector('<!-- c -->\n<view class="nc x">\n<text/></view>')
    expect(root).toBe('.nc')
    expect(
      style.convertStyle(':host { --a: 1; }\n@media (x) { :host { --a: 2; } }', 'baidu', 'x.wxss', {
        host: root,
      }),
    ).toBe('.nc { --a: 1; }\n@media (x) { .nc { --a: 2; } }')
    expect(() => style.hostSelector('<view><text/></view>', 'y.wxml')).toThrow(
      /y\.wxml: no class on the root node/,
    )
  })
})
