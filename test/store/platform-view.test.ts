import { ProbeResult } from '../../miniprogram/core/result'
import { PLATFORM_CONSOLES, PLATFORM_NAMES } from '../../miniprogram/core/text'
import { noticeText } from '../../miniprogram/store/notices'
import { RunStore } from '../../miniprogram/store/run-store'
import {
  buildCauses,
  buildEnvView,
  buildRunView,
  words,
  buildWhitelistView,
  hintOf,
  missingBlocks,
} from '../../miniprogram/store/view-model'
import { buildReportView, reportEnvLine } from '../../miniprogram/store/report-view-model'
import { FakeAdapter, reached } from '../helpers/fake-adapter'
import { makeReport, PHONE } from '../helpers/reports'

// The panel on another platform names that platform's console, and on Alipay its one list of host names
// (core/platforms.ts), not WeChat's 小程序后台 and four lists of URLs.

const notWhitelisted = (url: string, category: ProbeResult['category']): ProbeResult => ({
  id: `${category}:${url}`,
  category,
  url,
  purpose: 'log',
  status: 'fail',
  error: { category: 'not_whitelisted', errMsg: 'request:fail 无权跨域调用' },
})

const failures = [
  notWhitelisted('https://detaillog-global.coolhcloud.com', 'request'),
  notWhitelisted('https://detaillog-global.coolhcloud.com', 'uploadFile'),
  notWhitelisted('https://access-zfpxy-global.coolhcloud.com:8443', 'downloadFile'),
]

const strip = (s: string) => s.replace(/\u200b/g, '')

describe('platform-aware hints and lists', () => {
  it.each(['alipay', 'douyin', 'baidu', 'qq'] as const)('%s: not whitelisted names its own console', (p) => {
    for (const lang of ['zh', 'en'] as const) {
      const hint = hintOf('not_whitelisted', lang, p)
      expect(hint).toContain(PLATFORM_CONSOLES[p][lang])
      expect(hint).not.toContain('小程序后台 > 开发')
    }
    // Other causes read the same on every platform.
    expect(hintOf('tls', 'zh', p)).toBe(hintOf('tls', 'zh', 'wechat'))
  })

  it('WeChat (or no platform named) keeps the WeChat console', () => {
    expect(hintOf('not_whitelisted', 'zh')).toContain('小程序后台 > 开发 > 开发设置 > 服务器域名')
    expect(hintOf('not_whitelisted', 'zh', 'wechat')).toBe(hintOf('not_whitelisted', 'zh'))
  })

  it("Alipay: the missing domains are one list of host names, each once; WeChat keeps its categories' URLs", () => {
    const alipay = missingBlocks(failures, 'alipay')
    expect(alipay).toHaveLength(1)
    expect(alipay[0].label).toBe('服务器域名白名单')
    expect(alipay[0].text).toBe('detaillog-global.coolhcloud.com;access-zfpxy-global.coolhcloud.com')
    expect(alipay[0].urls.map(strip)).toEqual([
      'detaillog-global.coolhcloud.com',
      'access-zfpxy-global.coolhcloud.com',
    ])
    const wechat = missingBlocks(failures)
    expect(wechat.map((b) => b.category)).toEqual(['request', 'uploadFile', 'downloadFile'])
    expect(wechat[2].text).toBe('https://access-zfpxy-global.coolhcloud.com:8443')
  })

  it('the report page and the causes follow the report’s platform', () => {
    const report = makeReport(failures, { ...PHONE, platformId: 'alipay' })
    const view = buildReportView(report, 'zh')
    expect(view.missing.map((m) => m.label)).toEqual(['服务器域名白名单'])
    const hints = view.groups.flatMap((g) => g.rows.map((r) => r.hint)).filter(Boolean)
    expect(hints.length).toBeGreaterThan(0)
    for (const h of hints) expect(h).toContain(PLATFORM_CONSOLES.alipay.zh)
    const causes = buildCauses(failures, 'en', { platformId: 'baidu' })
    expect(causes.map((c) => c.hint)).toEqual([expect.stringContaining(PLATFORM_CONSOLES.baidu.en)])
  })

  it('the whitelist tab on Alipay: one block of every host the version needs; on WeChat four', () => {
    const store = new RunStore({
      createAdapter: () => new FakeAdapter(() => ({ kind: 'answer', delayMs: 1, outcome: reached() })),
    })
    store.setSdk('2.13.0')
    store.setEnvironment({ runtime: 'wechat', platform: 'ios', platformId: 'alipay', envVersion: 'release' })
    const alipay = buildWhitelistView(store)
    expect(alipay.blocks).toHaveLength(1)
    const hosts = alipay.blocks[0].text.split(';')
    expect(hosts.every((h) => !h.includes('://') && !h.includes('/'))).toBe(true)
    expect(new Set(hosts).size).toBe(hosts.length)
    store.setEnvironment({ runtime: 'wechat', platform: 'ios', platformId: 'wechat', enableDebug: false })
    const wechat = buildWhitelistView(store)
    expect(wechat.blocks.map((b) => b.category)).toEqual(['socket', 'request', 'uploadFile', 'downloadFile'])
    // The same hosts, once each: Alipay's list is the union of WeChat's four.
    const union = new Set(wechat.blocks.flatMap((b) => b.text.split(';')).map((u) => new URL(u).hostname))
    expect(new Set(hosts)).toEqual(union)
  })
})

const ENFORCED = { enforced: true, reasons: [] }

describe('notices and words name the platform the page runs on (issue 26)', () => {
  const others = ['alipay', 'douyin', 'baidu', 'qq'] as const
  const wechatWords = /微信|WeChat/

  it.each(others)('%s: host sockets and background notices name it, never WeChat', (p) => {
    for (const lang of ['zh', 'en'] as const) {
      const name = PLATFORM_NAMES[p][lang]
      const sockets = noticeText({ kind: 'host_sockets', held: 2, opened: 3, max: 5 }, lang, p)
      const background = noticeText({ kind: 'background', requeued: 4 }, lang, p)
      for (const text of [sockets, background]) {
        expect(text).toContain(name)
        expect(text).not.toMatch(wechatWords)
      }
    }
    expect(noticeText({ kind: 'background', requeued: 4 }, 'zh', p)).toContain(
      `有 4 项被${PLATFORM_NAMES[p].zh}中断`,
    )
  })

  it.each(others)(
    '%s: the running panel’s notices, environment label and whitelist hint name it',
    async (p) => {
      const store = new RunStore({ createAdapter: () => new FakeAdapter(() => ({ kind: 'hang' })) })
      store.setEnvironment({ runtime: 'wechat', platform: 'ios', platformId: p, wechatVersion: '13.1.0' })
      store.setHostSockets(2)
      store.setSdk('2.13.0')
      const done = store.start()
      for (const lang of ['zh', 'en'] as const) {
        store.setLang(lang)
        const notices = buildRunView(store).notices
        expect(notices).toHaveLength(1)
        expect(notices[0]).toContain(PLATFORM_NAMES[p][lang])
        expect(notices[0]).not.toMatch(wechatWords)
        const t = words(lang, p)
        expect(t.envWechat).toContain(PLATFORM_NAMES[p][lang])
        expect(t.envWechat).not.toMatch(wechatWords)
        expect(t.whitelistHint).toContain(PLATFORM_CONSOLES[p][lang])
        expect(buildEnvView(store).rows[0]).toEqual({ label: t.envWechat, value: '13.1.0' })
      }
      expect(
        reportEnvLine({ runtime: 'wechat', platformId: p, wechatVersion: '13.1.0', whitelist: ENFORCED }),
      ).toBe(`${PLATFORM_NAMES[p].en} 13.1.0`)
      store.dispose()
      await done
    },
  )

  it('WeChat (or no platform named) reads exactly as before', () => {
    expect(noticeText({ kind: 'host_sockets', held: 2, opened: 3 }, 'zh')).toBe(
      '宿主小程序自己占用了 2 个 WebSocket 连接（微信最多 5 个）：本次只用 3 个并发检测 socket 域名',
    )
    expect(noticeText({ kind: 'host_sockets', held: 2, opened: 3, max: 5 }, 'en', 'wechat')).toBe(
      "The host app holds 2 WebSocket connection(s) of WeChat's 5: socket domains were probed 3 at a time",
    )
    expect(noticeText({ kind: 'background', requeued: 4 }, 'en')).toBe(
      '4 probe(s) were interrupted by WeChat while in the background and ran again on return; keep the page open while checking',
    )
    expect(words('zh', 'wechat')).toEqual(words('zh'))
    expect(words('en').envWechat).toBe('WeChat')
    expect(reportEnvLine({ runtime: 'wechat', wechatVersion: '8.0.50', whitelist: ENFORCED })).toBe(
      'WeChat 8.0.50',
    )
  })

  it('a Baidu report’s warnings name Baidu', async () => {
    const store = new RunStore({
      createAdapter: () =>
        new FakeAdapter((_t, attempt) =>
          attempt === 1
            ? {
                kind: 'answer',
                delayMs: 1,
                outcome: { reached: false, errMsg: 'request:fail interrupted', errno: 600003 },
              }
            : { kind: 'answer', delayMs: 1, outcome: reached() },
        ),
    })
    store.setEnvironment({ runtime: 'wechat', platform: 'android', platformId: 'baidu' })
    store.setSdk('2.13.0')
    store.setOnly(['request'])
    const report = await store.start()
    expect(report?.warnings.some((w) => w.includes('被百度中断'))).toBe(true)
    expect(report?.warnings.join()).not.toMatch(wechatWords)
  })
})
