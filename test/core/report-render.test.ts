import { ProbeResult } from '../../miniprogram/core/result'
import { RunEnvironment, WhitelistEnforcement } from '../../miniprogram/core/environment'
import {
  afterText,
  buildReport,
  catalogText,
  errorText,
  renderJson,
  renderMarkdown,
  renderText,
  Report,
  rowDetail,
  summarize,
  unknownErrors,
  verdict,
} from '../../miniprogram/core/report'
import { Category } from '../../miniprogram/core/vocabulary'

/** The renderers' output is what support reads: exact text where the layout carries meaning. */

let n = 0
const row = (category: Category, over: Partial<ProbeResult> = {}): ProbeResult => {
  const url = `${category === 'socket' ? 'wss' : 'https'}://h${n++}.example.com`
  return { id: `${category}:${url}`, category, url, purpose: 'log', status: 'pass', ...over }
}
const fail = (category: Category, errCategory: NonNullable<ProbeResult['error']>['category'], errMsg = 'x') =>
  row(category, { status: 'fail', error: { category: errCategory, errMsg } })

const PHONE: RunEnvironment = {
  runtime: 'wechat',
  brand: 'HUAWEI',
  model: 'ALN-AL00',
  system: 'Android 14',
  wechatVersion: '8.0.50',
  baseLibrary: '3.5.8',
  networkType: '4g',
  appId: 'wx0123456789abcdef',
  envVersion: 'release',
}
const ENFORCED: WhitelistEnforcement = { enforced: true, reasons: [] }

const report = (
  results: ProbeResult[],
  env: RunEnvironment = PHONE,
  enforcement = ENFORCED,
  warnings: string[] = [],
): Report =>
  buildReport({
    createdAt: '2026-11-28T12:00:00.123Z',
    sdk: { input: 'latest', resolved: '2.13.0' },
    environment: env,
    enforcement,
    options: { timeoutMs: 1000, deadlineMs: 5000, concurrency: { http: 10, socket: 5 } },
    results,
    warnings,
  })

describe('verdict', () => {
  const results = [
    fail('request', 'dns'),
    fail('request', 'timeout'),
    fail('socket', 'refused'),
    fail('socket', 'timeout'),
    fail('uploadFile', 'timeout'),
    fail('uploadFile', 'refused'),
    row('request'),
  ]

  it('counts failures by category, most first, in both languages', () => {
    expect(verdict(results, 'en')).toBe('6 of 7 failed: 3 timeout, 2 refused, 1 DNS')
    expect(verdict(results, 'zh')).toBe(
      '7 项中 6 项失败：超时 3 项，连接被拒绝或中断 2 项，域名解析失败 1 项',
    )
  })

  it('most first whatever the order of the rows', () => {
    expect(verdict([...results].reverse(), 'en')).toBe('6 of 7 failed: 3 timeout, 2 refused, 1 DNS')
  })

  it('a failed row without an error counts in the total only', () => {
    const r = [{ ...row('request'), status: 'fail' as const }, fail('request', 'tls')]
    expect(verdict(r, 'en')).toBe('2 of 2 failed: 1 TLS')
  })

  it('warnings and skips come after, in both languages', () => {
    const r = [
      fail('request', 'tls'),
      row('request', { status: 'warn', caveats: ['slow'] }),
      row('socket', { status: 'skipped', skipReason: 'deadline' }),
      row('socket', { status: 'skipped', skipReason: 'deadline' }),
    ]
    expect(verdict(r, 'en')).toBe('1 of 4 failed: 1 TLS (1 with warnings, 2 skipped)')
    expect(verdict(r, 'zh')).toBe('4 项中 1 项失败：TLS/证书错误 1 项（警告 1 项，跳过 2 项）')
    expect(verdict(r.slice(1), 'en')).toBe('none of 3 failed (1 with warnings, 2 skipped)')
    expect(verdict(r.slice(1), 'zh')).toBe('3 项中没有失败（警告 1 项，跳过 2 项）')
    expect(verdict(r.slice(1, 2), 'en')).toBe('none of 1 failed (1 with warnings)')
  })

  it('a run where nothing finished says so', () => {
    const skipped = [row('socket', { status: 'skipped', skipReason: 'cancelled' })]
    expect(verdict(skipped, 'en')).toBe('none of 1 finished (1 skipped)')
    expect(verdict(skipped, 'zh')).toBe('1 项均未完成（跳过 1 项）')
    expect(verdict([], 'en')).toBe('nothing to probe')
    expect(verdict([], 'zh')).toBe('没有要检测的域名')
    expect(verdict([row('request')], 'zh')).toBe('1 项中没有失败')
  })

  it('a shared card’s own summary gives the totals', () => {
    const only = [fail('request', 'dns')]
    const summary = { total: 40, pass: 30, warn: 5, fail: 3, skipped: 2 }
    expect(verdict(only, 'en', summary)).toBe('3 of 40 failed: 1 DNS (5 with warnings, 2 skipped)')
  })
})

describe('renderText', () => {
  it('header, environment, verdict, failing rows, unknowns and notes, exactly', () => {
    const r = report(
      [
        row('socket', { timing: { totalMs: 80 } }),
        row('request', {
          status: 'fail',
          error: {
            category: 'unknown',
            errMsg: 'request:fail -2:net::ERR_FAILED',
            errno: 600001,
            parsedCode: 'chromium:-2',
          },
        }),
        row('uploadFile', {
          status: 'fail',
          error: { category: 'refused', errMsg: 'ECONNRESET', code: 'ECONNRESET' },
        }),
      ],
      PHONE,
      ENFORCED,
      ['version note'],
    )
    expect(renderText(r, 'en').split('\n')).toEqual([
      'ZIM netcheck · SDK 2.13.0 · 2026-11-28 12:00:00Z',
      'HUAWEI ALN-AL00 · Android 14 · WeChat 8.0.50 · base lib 3.5.8 · 4g · appid wx0123456789abcdef (release)',
      '2 of 3 failed: 1 unknown, 1 refused',
      `✗ request ${r.results[1].url} — unknown: request:fail -2:net::ERR_FAILED [chromium:-2] (errno 600001)`,
      `✗ uploadFile ${r.results[2].url} — refused: ECONNRESET [ECONNRESET]`,
      'Unrecognised errors:',
      '? request:fail -2:net::ERR_FAILED [chromium:-2] (errno 600001) ×1',
      'note: version note',
    ])
    expect(renderText(r, 'zh').split('\n')[1]).toBe(
      'HUAWEI ALN-AL00 · Android 14 · WeChat 8.0.50 · 基础库 3.5.8 · 4g · appid wx0123456789abcdef (release)',
    )
    expect(renderText(r, 'zh')).toContain('未识别的错误:')
  })

  it('caps the failing rows and says how many more, in both languages', () => {
    const many = Array.from({ length: 7 }, () => fail('request', 'dns'))
    const en = renderText(report(many), 'en', 5).split('\n')
    expect(en.filter((l) => l.startsWith('✗'))).toHaveLength(5)
    expect(en[en.length - 1]).toBe('…and 2 more failed')
    expect(renderText(report(many), 'zh', 5).split('\n').pop()).toBe('…另有 2 项失败')
    const exactly = renderText(report(many), 'en', 7)
    expect(exactly).not.toContain('more failed')
    expect(exactly.split('\n').filter((l) => l.startsWith('✗'))).toHaveLength(7)
    // The default cap is 20.
    const lots = Array.from({ length: 21 }, () => fail('request', 'dns'))
    expect(renderText(report(lots)).split('\n').pop()).toBe('…and 1 more failed')
  })

  it('says when the whitelist was not enforced, and only then', () => {
    const devtools: RunEnvironment = { runtime: 'devtools', platform: 'devtools' }
    const text = renderText(
      report([row('request')], devtools, { enforced: false, reasons: ['devtools'] }),
      'en',
    )
    expect(text.split('\n').slice(1)).toEqual([
      'DevTools',
      'none of 1 failed',
      '⚠ the whitelist is not enforced in this run (running in WeChat DevTools (whether domain checking is off cannot be read at run time)): a pass proves reachability only, not that the domain is whitelisted',
    ])
    expect(renderText(report([row('request')], devtools, ENFORCED), 'zh').split('\n')[1]).toBe('开发者工具')
    expect(renderText(report([row('request')]), 'en')).not.toContain('⚠')
  })

  it('the environment line of a Node run and of a sparse phone', () => {
    const node: RunEnvironment = {
      runtime: 'node',
      node: 'v20.1.0',
      platform: 'linux',
      networkType: 'ethernet',
    }
    expect(renderText(report([], node), 'en').split('\n')[1]).toBe('Node v20.1.0 · linux · ethernet')
    expect(renderText(report([], { runtime: 'node' }), 'en').split('\n')[1]).toBe('Node')
    const sparse: RunEnvironment = { runtime: 'wechat', model: 'M2', appId: 'wx1' }
    expect(renderText(report([], sparse), 'en').split('\n')[1]).toBe('M2 · appid wx1')
    expect(renderText(report([], { runtime: 'wechat' }), 'en').split('\n')[1]).toBe('')
  })
})

describe('renderMarkdown', () => {
  it('one table per category with only its rows, in category order, exactly', () => {
    const sock = row('socket', { purpose: 'access', timing: { totalMs: 80.4 } })
    const up = row('uploadFile', {
      status: 'warn',
      statusCode: 404,
      after: 'body: reset',
      caveats: ['http', 'slow'],
      error: { category: 'http', errMsg: 'a|b' },
      timing: { totalMs: 3500.6 },
    })
    const req = row('request', {
      status: 'fail',
      error: { category: 'dns', errMsg: 'no such host', code: 'ENOTFOUND' },
    })
    const skip = row('socket', { status: 'skipped', skipReason: 'deadline' })
    const md = renderMarkdown(report([up, sock, req, skip], PHONE, ENFORCED, ['n|ote']), 'en')
    const head = ['| | domain | purpose | time | detail |', '|---|---|---|---|---|']
    expect(md).toBe(
      [
        '# ZIM netcheck — SDK 2.13.0',
        '',
        '- created: 2026-11-28T12:00:00.123Z',
        '- SDK input: `latest`',
        '- environment: HUAWEI ALN-AL00 · Android 14 · WeChat 8.0.50 · base lib 3.5.8 · 4g · appid wx0123456789abcdef (release)',
        '- verdict: **1 of 4 failed: 1 DNS (1 with warnings, 1 skipped)**',
        '',
        '## socket 合法域名 / socket domains',
        '',
        ...head,
        `| ✓ pass | ${sock.url} | access | 80 ms |  |`,
        `| – skipped | ${skip.url} | log |  | deadline |`,
        '',
        '## request 合法域名 / request domains',
        '',
        ...head,
        `| ✗ fail | ${req.url} | log |  | dns: no such host [ENOTFOUND] |`,
        '',
        '## uploadFile 合法域名 / uploadFile domains',
        '',
        ...head,
        `| ! warn | ${up.url} | log | 3501 ms | http: a\\|b; HTTP 404; after: body: reset; http, slow |`,
        '',
        '## Notes',
        '',
        '- n\\|ote',
        '',
      ].join('\n'),
    )
  })

  it('zh headings, the enforcement warning and the unknowns section', () => {
    const unk = row('downloadFile', { status: 'fail', error: { category: 'unknown', errMsg: 'weird' } })
    const md = renderMarkdown(
      report([unk, { ...unk, id: 'request:' + unk.url, category: 'request' }], PHONE, {
        enforced: false,
        reasons: ['debug'],
      }),
      'zh',
    )
    expect(md).toContain('- 时间: 2026-11-28T12:00:00.123Z\n- 输入版本: `latest`\n- 环境: ')
    expect(md).toContain(
      '\n\n> ⚠ 本次运行不校验合法域名（已开启调试模式（vConsole））：通过只说明网络可达，不说明已加入白名单\n',
    )
    expect(md).toContain('| | 域名 | 用途 | 耗时 | 说明 |')
    expect(md).toContain('\n\n## 未识别的错误\n\n- 2 × weird\n')
    expect(md).not.toContain('## 提示')
    expect(md).not.toContain('## socket')
    expect(md.endsWith('- 2 × weird\n')).toBe(true)
  })
})

describe('helpers shared by the renderers', () => {
  it('unknownErrors: one entry per distinct raw text, most frequent first; only failed unknowns', () => {
    const a = { category: 'unknown' as const, errMsg: 'A' }
    const b = { category: 'unknown' as const, errMsg: 'B', errno: 1 }
    const results = [
      row('request', { status: 'fail', error: a }),
      row('request', { status: 'fail', error: b }),
      row('request', { status: 'fail', error: b }),
      row('request', { status: 'warn', error: a }),
      row('request', { status: 'fail', error: { category: 'dns', errMsg: 'A' } }),
    ]
    expect(unknownErrors(results)).toEqual([
      { text: 'B (errno 1)', count: 2 },
      { text: 'A', count: 1 },
    ])
  })

  it('errorText and afterText are one safe line, empty when there is nothing', () => {
    expect(errorText(row('request'))).toBe('')
    expect(afterText(row('request'))).toBe('')
    expect(afterText(row('request', { after: 'extra\nbytes\u001b[2J' }))).toBe('after: extra bytes\\x1b[2J')
    const r = row('request', {
      status: 'fail',
      error: { category: 'tls', errMsg: 'bad\ncert', errno: 0, code: 'X\u202e' },
    })
    expect(errorText(r)).toBe('tls: bad cert [X\\u202e] (errno 0)')
    const both = row('request', {
      status: 'fail',
      error: { category: 'tls', errMsg: 'm', code: 'C', parsedCode: 'node:P' },
    })
    expect(errorText(both)).toBe('tls: m [node:P]')
  })

  it('renderJson is the report, parseable, with unsafe characters escaped', () => {
    const r = report([
      row('request', { status: 'fail', error: { category: 'dns', errMsg: 'a\u2028b\u0085' } }),
    ])
    const json = renderJson(r)
    expect(json.endsWith('}\n')).toBe(true)
    expect(json).toContain('a\\u2028b\\u0085')
    expect(JSON.parse(json)).toEqual(r)
    expect(json.split('\n')[1]).toBe('  "schema": "zim-netcheck/report@1",')
  })

  it('summarize counts each status', () => {
    expect(
      summarize([{ status: 'pass' }, { status: 'fail' }, { status: 'fail' }, { status: 'skipped' }]),
    ).toEqual({
      total: 4,
      pass: 1,
      warn: 0,
      fail: 2,
      skipped: 1,
    })
  })

  it('buildReport copies its inputs and keeps engine-only fields out', () => {
    const reasons: WhitelistEnforcement['reasons'] = ['debug']
    const warnings = ['w']
    const results = [row('request', { attempts: 3 })]
    const r = buildReport({
      createdAt: new Date('2026-01-02T03:04:05.000Z'),
      sdk: { input: 'a', resolved: 'b' },
      environment: { runtime: 'node' },
      enforcement: { enforced: false, reasons },
      options: { timeoutMs: 1, deadlineMs: 2, concurrency: { http: 3, socket: 4 } },
      results,
      warnings,
    })
    reasons.push('devtools')
    warnings.push('later')
    expect(r.createdAt).toBe('2026-01-02T03:04:05.000Z')
    expect(r.environment).toEqual({ runtime: 'node', whitelist: { enforced: false, reasons: ['debug'] } })
    expect(r.warnings).toEqual(['w'])
    expect(r.results[0]).not.toHaveProperty('attempts')
    expect(r.summary).toEqual({ total: 1, pass: 1, warn: 0, fail: 0, skipped: 0 })
  })
})

describe('what the renderers say about the platform, the catalog and the app’s own domains', () => {
  it('the environment line: no stray space from a missing version, brand or model; other platforms named', () => {
    const line = (env: RunEnvironment) => renderText(report([], env), 'en').split('\n')[1]
    expect(line({ runtime: 'node', platform: 'linux' })).toBe('Node · linux')
    expect(line({ runtime: 'wechat', brand: 'HUAWEI', system: 'Android 14' })).toBe('HUAWEI · Android 14')
    expect(line({ runtime: 'wechat', platformId: 'alipay', model: 'M2', system: 'iOS 17' })).toBe(
      'M2 · iOS 17 · alipay',
    )
    expect(line({ runtime: 'wechat', platformId: 'wechat', model: 'M2', system: 'iOS 17' })).toBe(
      'M2 · iOS 17',
    )
  })

  it('the enforcement warning of another platform speaks of its trial/release builds, in text and markdown', () => {
    const alipay: RunEnvironment = { runtime: 'wechat', platformId: 'alipay', envVersion: 'develop' }
    const unknown: WhitelistEnforcement = { enforced: false, reasons: [] }
    const text = renderText(report([row('request')], alipay, unknown), 'en')
    const md = renderMarkdown(report([row('request')], alipay, unknown), 'en')
    for (const out of [text, md]) {
      expect(out).toMatch(/⚠ whether the whitelist is enforced in this run is unknown \(.*trial\/release/)
      expect(out).not.toContain('2.15.0')
    }
  })

  it('catalogText: built-in and imported, with and without a date, in both languages', () => {
    const builtin = { builtin: true, source: 'ZEGO docs', date: '2026-11', rows: 63, hash: '5507196a' }
    expect(catalogText(builtin, 'en')).toBe('built-in 2026-11 (63 rows, #5507196a)')
    expect(catalogText(builtin, 'zh')).toBe('内置 2026-11（63 行，#5507196a）')
    const imported = { builtin: false, source: 'docs\n.html', rows: 64, hash: '0c1d2e3f' }
    expect(catalogText(imported, 'en')).toBe('imported: docs .html  (64 rows, #0c1d2e3f)')
    expect(catalogText({ ...imported, date: '2026-12-01' }, 'zh')).toBe(
      '导入：docs .html 2026-12-01（64 行，#0c1d2e3f）',
    )
  })

  it('markdown names an imported catalog under the SDK input, and only when the report has one', () => {
    const r = report([row('request')])
    expect(renderMarkdown(r, 'en')).not.toContain('- catalog:')
    const withCatalog = { ...r, catalog: { builtin: false, source: 'a|b.html', rows: 64, hash: '0c1d2e3f' } }
    expect(renderMarkdown(withCatalog, 'en')).toContain(
      '- SDK input: `latest`\n- catalog: imported: a\\|b.html  (64 rows, #0c1d2e3f)\n- environment: ',
    )
  })

  it('markdown shows the app’s own domains by their label, other purposes by name', () => {
    const app = row('request', { purpose: 'app' })
    const push = row('request', { purpose: '推送通知' })
    const md = renderMarkdown(report([app, push]), 'en')
    expect(md).toContain(`| ✓ pass | ${app.url} | your domains |`)
    expect(md).toContain(`| ✓ pass | ${push.url} | 推送通知 |`)
    expect(renderMarkdown(report([app]), 'zh')).toContain(`| ✓ pass | ${app.url} | 你的域名 |`)
  })

  it('rowDetail leaves the http caveat out only when asked, and keeps the others', () => {
    const r = row('uploadFile', { status: 'warn', statusCode: 404, caveats: ['http', 'slow'] })
    expect(rowDetail(r)).toEqual(['HTTP 404', 'http, slow'])
    expect(rowDetail(r, { httpCaveat: true })).toEqual(['HTTP 404', 'http, slow'])
    expect(rowDetail(r, { httpCaveat: false })).toEqual(['HTTP 404', 'slow'])
    expect(rowDetail({ ...r, caveats: ['http'] }, { httpCaveat: false })).toEqual(['HTTP 404'])
  })
})
