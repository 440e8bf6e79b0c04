#!/usr/bin/env node
'use strict'
/**
 * `npm run build -- --platform alipay|douyin|baidu|qq|xhs|wechat`: writes `dist/<platform>/`, a project that
 * platform's IDE opens as it is: its project file (mini.project.json, project.config.json or
 * project.swan.json), app.json / app.js / the app stylesheet, the netcheck page with the panel, the history and
 * the report pages with the report view.
 *
 * One source: the WXML / WXSS / JSON of miniprogram/ are converted per platform (tools/platforms/template.js,
 * style.js, configs below), and each page's and component's TypeScript is bundled by esbuild with the core,
 * store and platform code it reaches (mobx-miniprogram's production build and semver inside: nothing left to
 * "build npm" in the IDE). The platform is chosen at build time:
 * - the UI's imports of platform/wx-adapter and platform/wx-environment resolve to platform/<name>/ui.ts
 *   (that platform's adapter and environment reader), and of platform/send-report to
 *   platform/shared/send-report-other.ts (no file share there: the panel says so), and the store's
 *   store/platform-tables.ts to that platform's words alone (tools/platforms/words.js);
 * - the global `wx` the UI calls is injected as platform/<name>/wx-facade.ts (`tt`, `swan`, `qq`, `xhs` themselves;
 *   wx's shapes over `my` on Alipay);
 * - pages written with Component({data, methods}) become Page({...}) (platform/shared/page-shim.ts; on Alipay
 *   platform/alipay/page-shim.ts, which adds selectComponent over Alipay's $selectComponent), and on Alipay
 *   components go through platform/alipay/component-shim.ts (props, didMount, on… event props).
 * `--platform wechat` writes the WeChat project the same way, with only store/platform-words.ts substituted
 *   (by store/platform-words.wechat.ts, as in the npm package: tools/platforms/words.js).
 */
const { build } = require('esbuild')
const fs = require('node:fs')
const path = require('node:path')
const { TARGETS, targetOf } = require('./platforms/targets')
const { convertTemplate } = require('./platforms/template')
const { convertStyle, hostSelector } = require('./platforms/style')
const { ownWords, wechatWords } = require('./platforms/words')

const root = path.join(__dirname, '..')
const src = path.join(root, 'miniprogram')

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'))

/** The app's pages and, reached through usingComponents, its components: paths like `pages/netcheck/index`. */
function units() {
  const app = readJson(path.join(src, 'app.json'))
  const found = new Map()
  const visit = (unit, kind) => {
    if (found.has(unit)) return
    const json = readJson(path.join(src, `${unit}.json`))
    found.set(unit, { unit, kind, json })
    for (const rel of Object.values(json.usingComponents || {})) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(unit), rel))
      visit(target, 'component')
    }
  }
  for (const page of app.pages) visit(page, 'page')
  return { app, units: [...found.values()] }
}

/**
 * WeChat's theme variables (`"@navBg"` in app.json, defined in theme.json for light and dark) resolved to their
 * light values. Only WeChat builds keep theme.json: Alipay's app.json has no darkmode / themeLocation and takes
 * HexColor values (AlipayDocs/open-docs mini/framework/小程序全局配置/app.json  应用配置.md, window), and no
 * Douyin, Baidu or QQ page read for this build documents theme.json, so they get plain values too.
 */
function resolveTheme(window, app) {
  const theme = app.themeLocation ? readJson(path.join(src, app.themeLocation)) : {}
  const light = theme.light || {}
  const out = {}
  for (const [key, value] of Object.entries(window)) {
    if (typeof value === 'string' && value.startsWith('@')) {
      const name = value.slice(1)
      if (!Object.prototype.hasOwnProperty.call(light, name))
        throw new Error(
          `app.json window.${key}: theme variable ${value} has no light value in ${app.themeLocation}`,
        )
      out[key] = light[name]
    } else out[key] = value
  }
  return out
}

/** app.json for a platform: its pages and window, in that platform's keys. */
function appConfig(app, target) {
  if (target === 'wechat') return app
  const w = resolveTheme(app.window || {}, app)
  if (target === 'alipay') {
    // Alipay's window keys (app.json  应用配置.md, window): defaultTitle, titleBarColor, backgroundColor, and
    // navigationBarFrontColor (black / white, Alipay client 10.5.30+) for the title bar's text.
    const window = { defaultTitle: w.navigationBarTitleText, titleBarColor: w.navigationBarBackgroundColor }
    if (w.backgroundColor) window.backgroundColor = w.backgroundColor
    if (w.navigationBarTextStyle === 'black' || w.navigationBarTextStyle === 'white')
      window.navigationBarFrontColor = w.navigationBarTextStyle
    return { pages: app.pages, window }
  }
  // Douyin, Baidu, QQ and Xiaohongshu take wx's window keys; style / lazyCodeLoading / sitemapLocation /
  // darkmode / themeLocation are WeChat's (uni-app's mp-xhs writes darkmode: false).
  return { pages: app.pages, window: w }
}

/** A page's or component's JSON for a platform. */
function unitConfig(json, kind, target) {
  if (target === 'wechat') return json
  const out = {}
  if (kind === 'component') out.component = true
  if (json.navigationBarTitleText !== undefined) {
    if (target === 'alipay') out.defaultTitle = json.navigationBarTitleText
    else out.navigationBarTitleText = json.navigationBarTitleText
  }
  // QQ follows WeChat's component options. Alipay (base library 2.7.2+) documents `apply-shared` (the
  // component's own styles stay inside it; app.acss still applies) and `shared`, its default, under which a
  // component's classes (.btn, .card…) style the host page too (AlipayDocs/open-docs mini/framework/自定义组件/
  // 组件配置.md and 组件模板和样式.md, 自定义组件样式隔离). WeChat's `isolated` has no Alipay value: apply-shared is
  // the documented one that keeps the component's styles in. Douyin and Baidu are not documented to take it.
  if (target === 'qq' && json.styleIsolation) out.styleIsolation = json.styleIsolation
  if (target === 'alipay' && kind === 'component' && json.styleIsolation)
    out.styleIsolation = json.styleIsolation === 'shared' ? 'shared' : 'apply-shared'
  out.usingComponents = json.usingComponents || {}
  return out
}

/**
 * The project file each IDE opens (docs/platforms.md, "Projects", with sources). The app ids are placeholders:
 * a customer's own app id goes there (the whitelist is per app).
 */
function projectFile(target) {
  const name = 'zim-netcheck'
  switch (target) {
    case 'alipay':
      return { format: 2, compileType: 'mini', miniprogramRoot: './', compileOptions: { component2: true } }
    case 'douyin':
      return {
        appid: 'testappId',
        projectname: name,
        setting: { urlCheck: true, es6: true, postcss: true, minified: true, newFeature: true },
      }
    case 'baidu':
      return {
        appid: '',
        projectname: name,
        setting: { urlCheck: true },
        'compilation-args': {
          common: { ignoreTransJs: false, ignorePrefixCss: false, ignoreUglify: false },
          options: [],
          selected: -1,
        },
      }
    case 'xhs':
      // The keys uni-app's mp-xhs writes (packages/uni-mp-xhs/src/compiler/project.config.json): WeChat's.
      return {
        appid: '',
        projectname: name,
        compileType: 'miniprogram',
        setting: { urlCheck: true, es6: true, postcss: true, minified: true },
      }
    case 'qq':
      return {
        qqappid: '',
        projectname: name,
        compileType: 'miniprogram',
        setting: { urlCheck: true, es6: true, postcss: true, minified: true },
      }
    default: {
      const wx = readJson(path.join(root, 'project.config.json'))
      const setting = { ...wx.setting }
      delete setting.useCompilerPlugins
      return { ...wx, miniprogramRoot: './', setting }
    }
  }
}

/** The UI's imports of the WeChat platform modules → the target's ui.ts (components/ and pages/ only). */
function uiSeamPlugin(target) {
  const ui = path.join(src, 'platform', target, 'ui.ts')
  const sendReport = path.join(src, 'platform/shared/send-report-other.ts')
  return {
    name: 'platform-ui-seam',
    setup(b) {
      b.onResolve({ filter: /platform\/(wx-adapter|wx-environment|send-report)$/ }, (args) => {
        const rel = path.relative(src, args.importer).split(path.sep).join('/')
        if (!/^(components|pages)\//.test(rel)) return undefined
        return { path: args.path.endsWith('send-report') ? sendReport : ui }
      })
    },
  }
}

async function bundle(entry, outfile, target, kind) {
  const inject = []
  let banner = ''
  if (target !== 'wechat') {
    inject.push(path.join(src, 'platform', target, 'wx-facade.ts'))
    if (kind === 'page')
      inject.push(
        path.join(src, target === 'alipay' ? 'platform/alipay/page-shim.ts' : 'platform/shared/page-shim.ts'),
      )
    if (kind === 'component' && target === 'alipay') {
      inject.push(path.join(src, 'platform/alipay/component-shim.ts'))
      banner = 'var __ncNativeComponent = Component;'
    }
  }
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2015',
    alias: {
      'mobx-miniprogram': require.resolve('mobx-miniprogram/dist/mobx.esm.production.min.js', {
        paths: [root],
      }),
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: target === 'wechat' ? [wechatWords] : [uiSeamPlugin(target), ownWords(target)],
    inject,
    banner: banner ? { js: banner } : undefined,
    minifyIdentifiers: true,
    minifySyntax: true,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'error',
  })
}

/** Builds `dist/<target>/` (or `out`); returns the files written, relative to it. */
async function buildPlatform(target, out = path.join(root, 'dist', target)) {
  const t = TARGETS[target]
  fs.rmSync(out, { recursive: true, force: true })
  fs.mkdirSync(out, { recursive: true })
  const written = []
  const write = (rel, text) => {
    const file = path.join(out, rel)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, text)
    written.push(rel)
  }
  const json = (value) => `${JSON.stringify(value, null, 2)}\n`
  const { app, units: all } = units()
  write(t.project, json(projectFile(target)))
  write('app.json', json(appConfig(app, target)))
  if (target === 'wechat' && app.sitemapLocation)
    write(app.sitemapLocation, fs.readFileSync(path.join(src, app.sitemapLocation), 'utf8'))
  write(
    `app${t.ext.style}`,
    convertStyle(fs.readFileSync(path.join(src, 'app.wxss'), 'utf8'), target, 'app.wxss'),
  )
  await bundle(path.join(src, 'app.ts'), path.join(out, 'app.js'), target, 'app')
  written.push('app.js')
  for (const { unit, kind, json: config } of all) {
    write(`${unit}.json`, json(unitConfig(config, kind, target)))
    const wxml = fs.readFileSync(path.join(src, `${unit}.wxml`), 'utf8')
    const components = Object.keys(config.usingComponents || {})
    write(`${unit}${t.ext.template}`, convertTemplate(wxml, target, { components, file: `${unit}.wxml` }))
    const wxss = path.join(src, `${unit}.wxss`)
    if (fs.existsSync(wxss))
      write(
        `${unit}${t.ext.style}`,
        convertStyle(fs.readFileSync(wxss, 'utf8'), target, `${unit}.wxss`, {
          host: kind === 'component' ? hostSelector(wxml, `${unit}.wxml`) : undefined,
        }),
      )
    await bundle(path.join(src, `${unit}.ts`), path.join(out, `${unit}.js`), target, kind)
    written.push(`${unit}.js`)
  }
  return written
}

/** `--platform X` from argv: the target, or an error sentence. */
function platformArg(argv) {
  const i = argv.findIndex((a) => a === '--platform' || a.startsWith('--platform='))
  if (i < 0) return undefined
  const value = argv[i].includes('=') ? argv[i].slice('--platform='.length) : argv[i + 1]
  return targetOf(value)
}

async function main(argv) {
  const chosen = platformArg(argv)
  if (!chosen || !chosen.ok) {
    console.error(`build: ${chosen ? chosen.error : targetOf(undefined).error}`)
    process.exitCode = 2
    return
  }
  try {
    const files = await buildPlatform(chosen.name)
    console.log(`dist/${chosen.name}/: ${files.length} files (open the folder in the platform's IDE)`)
  } catch (e) {
    console.error(`build: ${String((e && e.message) || e).split('\n')[0]}`)
    process.exitCode = 1
  }
}

module.exports = { buildPlatform, platformArg, projectFile, appConfig, main }

if (require.main === module) main(process.argv.slice(2))
