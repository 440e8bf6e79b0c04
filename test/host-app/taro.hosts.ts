/** @jest-environment jsdom */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { decodeShare } from '../../miniprogram/core/share'
import { buildFrameworkHost, FrameworkHost } from '../helpers/framework-host'
import {
  expectCompiledUpload,
  g,
  installAppGlobals,
  loadApp,
  runPanel,
  simulate,
  simulateComponent,
  text,
} from '../helpers/framework-page'
import { installFakeWx, sleep } from '../helpers/panel'
import { scriptFor } from '../helpers/setdata-measure'

/**
 * Issue 36: the Taro (React, webpack 5, weapp) host built by their own CLIs
 * from the README's steps, compiled by WeChat's upload compiler, and the compiled pages run under
 * miniprogram-simulate with the framework's runtime: the panel rendered inside the framework's page, a run's
 * `report` event received by the framework's handler, the report page opened from the share card and shared.
 */

describe('Taro (React, webpack 5, weapp)', () => {
  let host: FrameworkHost
  beforeAll(() => {
    host = buildFrameworkHost('taro')
    process.stderr.write(`host-app (taro): ${JSON.stringify(host.seconds)} s\n`)
  })
  beforeEach(() => {
    jest.resetModules()
    g.Component = simulateComponent
  })

  it('`npm run build:weapp` copies miniprogram_dist with Taro’s copy config and the upload compiles', () => {
    expect(host.buildLog).toMatch(/Compiled successfully/)
    const page = JSON.parse(fs.readFileSync(path.join(host.output, 'pages/index/index.json'), 'utf8'))
    expect(page.usingComponents['netcheck-panel']).toBe('../../components/zim-netcheck/netcheck-panel/index')
    expectCompiledUpload(host, 'components/zim-netcheck')
  })

  it('the compiled page renders the panel and its React onReport receives the report', async () => {
    const { fake } = installFakeWx(scriptFor)
    const globals = installAppGlobals(() => ({}))
    loadApp(host.compiled) // Taro's runtime and React, App()
    globals.app()?.onLaunch?.({})
    const id = simulate.load(path.join(host.compiled, 'pages/index/index'), 'page-index', {
      rootPath: host.compiled,
    })
    const page = simulate.render(id, {})
    page.attach(document.createElement('parent-wrapper'))
    await sleep(200)
    const panel = page.querySelector('#nc')
    // Taro takes every prop that starts with "on" for an event (`only` became `bindly`): it never arrives.
    expect([panel.data.sdk, panel.data.only, panel.data.hostSockets, panel.data.canary]).toEqual([
      '2.13.0',
      '',
      1,
      'false',
    ])
    await runPanel(panel)
    expect(fake.calls.filter((c) => c.url.includes('zim-canary-'))).toHaveLength(0)
    const card = page.instance.onShareAppMessage({})
    expect(card.path).toMatch(/^\/pages\/report\/index\?r=z1\./)
    const decoded = decodeShare(card.path)
    expect(decoded.ok && decoded.report.results.length).toBeGreaterThan(0)
    page.detach()
    fake.dispose()
    g.__taroCard = card
  })

  it('the report page (useRouter params) shows the card and shares it again', async () => {
    const card = g.__taroCard as { path: string }
    const r = card.path.split('?r=')[1]
    installFakeWx(scriptFor)
    const globals = installAppGlobals(() => ({ r }), 'pages/report/index')
    loadApp(host.compiled)
    globals.app()?.onLaunch?.({})
    const id = simulate.load(path.join(host.compiled, 'pages/report/index'), 'page-report', {
      rootPath: host.compiled,
    })
    const page = simulate.render(id, {})
    page.attach(document.createElement('parent-wrapper'))
    await sleep(200)
    const view = page.querySelector('#rv')
    expect(text(view)).toContain('ZIM SDK 2.13.0')
    expect(page.instance.onShareAppMessage({}).path).toBe(`/pages/report/index?r=${r}`)
    page.detach()
  })
})
