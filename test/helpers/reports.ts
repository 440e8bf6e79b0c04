import { CATALOG } from '../../miniprogram/core/catalog'
import { ProbeResult } from '../../miniprogram/core/result'
import { RunEnvironment, whitelistEnforcement } from '../../miniprogram/core/environment'
import { buildReport, Report } from '../../miniprogram/core/report'
import { resolveDomains } from '../../miniprogram/core/resolver'

const MESSAGES = [
  'request:fail url not in domain list',
  'connectSocket:fail errcode:-105 cronet_error_code:-105 error_msg:net::ERR_NAME_NOT_RESOLVED',
  'request:fail 请求超时。',
  'uploadFile:fail ssl hand shake error',
]

/** A realistic mix of results for the given catalog rows: passes with timings, a few failures, a warning, a skip. */
export function mixedResults(rows = CATALOG.slice()): ProbeResult[] {
  return rows
    .map((e, i): ProbeResult => {
      const base = { id: e.id, category: e.category, url: e.url, purpose: e.purpose }
      if (i % 9 === 4) {
        const errMsg = MESSAGES[i % MESSAGES.length]
        const category = errMsg.includes('domain list')
          ? 'not_whitelisted'
          : errMsg.includes('105')
            ? 'dns'
            : errMsg.includes('超时')
              ? 'timeout'
              : 'tls'
        return {
          ...base,
          status: 'fail',
          error: { category, errMsg, ...(category === 'not_whitelisted' ? { errno: 600002 } : {}) },
          timing: { totalMs: 120 + i },
        }
      }
      if (i % 13 === 6)
        return {
          ...base,
          status: 'warn',
          caveats: ['http'],
          statusCode: 404,
          error: { category: 'http', errMsg: 'Invalid HTTP status' },
          timing: { totalMs: 88 },
        }
      if (i % 17 === 11) return { ...base, status: 'skipped', skipReason: 'cancelled' }
      return {
        ...base,
        status: 'pass',
        statusCode: e.category === 'socket' ? undefined : 200,
        timing: { totalMs: 40 + i * 3, dnsMs: 5, connectMs: 20 + (i % 7), tlsMs: 30, ttfbMs: 12 },
      }
    })
    .map(
      (r) =>
        Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as ProbeResult,
    )
}

export const PHONE: RunEnvironment = {
  runtime: 'wechat',
  platform: 'android',
  wechatVersion: '8.0.50',
  baseLibrary: '3.5.8',
  system: 'Android 14',
  brand: 'HUAWEI',
  model: 'ALN-AL00',
  networkType: '4g',
  appId: 'wx0123456789abcdef',
  envVersion: 'release',
  enableDebug: false,
  language: 'zh_CN',
}

export function makeReport(results: ProbeResult[], env: RunEnvironment = PHONE, sdk = '2.13.0'): Report {
  return buildReport({
    createdAt: new Date('2026-11-28T10:20:30.000Z'),
    sdk: { input: sdk, resolved: sdk },
    environment: env,
    enforcement: whitelistEnforcement(env),
    options: { timeoutMs: 10000, deadlineMs: 120000, concurrency: { http: 10, socket: 5 } },
    results,
    warnings: [],
  })
}

/** The full 2.13.0 run's report with a realistic mix. */
export function report2130(): Report {
  const res = resolveDomains('2.13.0')
  if (!res.ok) throw new Error('catalog')
  return makeReport(mixedResults(res.entries))
}
