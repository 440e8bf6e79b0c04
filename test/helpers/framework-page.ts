import * as fs from 'node:fs'
import * as path from 'node:path'
import type { FrameworkHost } from './framework-host'
import { sleep, until } from './panel'

/**
 * Running a framework host's compiled pages under miniprogram-simulate (test/host-app/*.hosts.ts): WeChat's App(),
 * Page() and getApp() around simulate's Component(). Each host is its own test file, so one framework's runtime
 * (uni-app's wrapped Component, Taro's webpack chunks on wx) never meets the other's.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const simulate = require('miniprogram-simulate')

export type Loose = Record<string, any>
export const g = globalThis as unknown as Loose
/** simulate's Component(); a framework runtime loaded by a test wraps it (uni-app does), the next test starts anew. */
export const simulateComponent = g.Component

/** The App()/Page()/getApp() of a WeChat page, for a runtime that registers pages with Page() (Taro). */
export function installAppGlobals(query: () => Record<string, string>, route = 'pages/index/index') {
  let app: Loose | undefined
  const pages: Loose[] = []
  // Taro's webpack chunks register on wx.webpackJsonp, which outlives jest.resetModules: each test loads anew.
  delete g.wx.webpackJsonp
  // Every instance gets the page's `route`, as WeChat gives a page: uni-app tells a page from a component by it.
  g.Component = (def: Loose) => {
    const lifetimes = def.lifetimes ?? {}
    const created = lifetimes.created ?? def.created
    return simulateComponent({
      ...def,
      lifetimes: {
        ...lifetimes,
        created(this: Loose, ...args: unknown[]) {
          this.route = route
          return created?.apply(this, args)
        },
      },
    })
  }
  g.App = (o: Loose) => {
    app = o
  }
  g.getApp = () => app
  g.getCurrentPages = () => pages
  // simulate renders components: a Page's options become one (data, methods, onLoad/onShow/onReady on attach).
  g.Page = (opts: Loose) => {
    const methods: Loose = {}
    for (const [k, v] of Object.entries(opts)) if (typeof v === 'function') methods[k] = v
    g.Component({
      data: opts.data,
      methods,
      lifetimes: {
        attached(this: Loose) {
          pages.push(this)
          this.onLoad?.(query())
          this.onShow?.()
          this.onReady?.()
        },
      },
    })
  }
  return { app: () => app }
}

/** Runs the compiled app.js (the framework's runtime, App()) as WeChat does before any page. */
export function loadApp(compiled: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(compiled, 'app.js'))
}

/** Clicks the panel's start button, waits for the run, returns what the fake wx saw. */
export async function runPanel(panel: Loose) {
  panel.querySelector('.nc-primary').dispatchEvent('tap')
  await until(() => panel.data.phase === 'done', 30_000)
  await sleep(100)
}

export const text = (c: Loose) => String(c.dom.textContent ?? '').replace(/\u200b/g, '')

export function expectCompiledUpload(host: FrameworkHost, componentDir: string) {
  for (const f of [
    'app.js',
    'app.json',
    'pages/index/index.js',
    'pages/index/index.json',
    'pages/report/index.js',
    `${componentDir}/netcheck-panel/index.js`,
    `${componentDir}/netcheck-panel/index.wxml`,
    `${componentDir}/netcheck-panel/index.wxss`,
    `${componentDir}/report-view/index.js`,
    `${componentDir}/share.js`,
  ])
    expect([f, host.files[f] > 0]).toEqual([f, true])
  // Every relative require of the upload resolves to a file of the upload (the components' common/ came along).
  for (const rel of Object.keys(host.files).filter((f) => f.endsWith('.js'))) {
    const src = fs.readFileSync(path.join(host.compiled, rel), 'utf8')
    for (const m of src.matchAll(/require\("(\.[^"]+)"\)/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]))
      const file = target.endsWith('.js') ? target : `${target}.js`
      expect([rel, m[1], host.files[file] !== undefined]).toEqual([rel, m[1], true])
    }
  }
}
