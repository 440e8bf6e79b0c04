/** @jest-environment jsdom */
import { Report } from '../../miniprogram/core/report'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { installFakeWx, mountPanel, sleep, until } from '../helpers/panel'
import { CallInfo } from '../helpers/fake-wx'

/*
 * Issue 27, held out: the panel with its default canary, on a fake phone in each state. Enforced: the fake
 * refuses hosts outside its list (FakeWx `domains`); not enforced: the canary host goes to the network and its
 * name does not resolve; offline: it never answers. The banner and the report's environment are read.
 */
beforeEach(() => {
  jest.resetModules()
  jest.useFakeTimers()
})
afterEach(() => jest.useRealTimers())

type Comp = ReturnType<typeof mountPanel>['comp']
const q = (comp: Comp, cls: string) => comp.dom.querySelector(`.netcheck-panel--${cls}`) as HTMLElement | null

const res = resolveDomains('2.13.0')
/** The app's configured list: every ZIM host of the version (so only the canary is outside it). */
const HOSTS = res.ok ? res.entries.map((e) => e.url.replace(/^[a-z]+:\/\//, '').replace(/[/:].*$/, '')) : []
const network =
  (canary: 'dns' | 'hang') =>
  ({ url, kind }: CallInfo) =>
    url.includes('zim-canary-')
      ? canary === 'hang'
        ? { kind: 'hang' as const }
        : kind === 'socket'
          ? {
              kind: 'error' as const,
              delayMs: 5,
              errMsg: 'connectSocket:fail net::ERR_NAME_NOT_RESOLVED',
              withClose: true,
            }
          : { kind: 'fail' as const, delayMs: 5, errMsg: `${kind}:fail net::ERR_NAME_NOT_RESOLVED` }
      : { kind: kind === 'socket' ? ('open' as const) : ('success' as const), delayMs: 5 }

async function runPanel(props: Record<string, unknown> = {}) {
  const { comp, instance } = mountPanel({ sdk: '2.13.0', only: 'socket', canary: true, ...props })
  await sleep(20)
  ;(comp.querySelector('.nc-primary') as { dispatchEvent: (e: string) => void }).dispatchEvent('tap')
  await until(() => comp.data.phase === 'done', 20_000)
  await sleep(250)
  const report = (instance as unknown as { getReport(): Report }).getReport()
  return { comp, report }
}

const envRow = (comp: Comp) =>
  (comp.data.env.rows as { label: string; value: string }[]).find((r) => r.label === '域名校验')?.value

describe('panel canary (issue 27)', () => {
  it('not enforced, measured: the banner says 实测：本次运行不校验合法域名; the report keeps measurement and inference', async () => {
    const { fake } = installFakeWx(network('dns'))
    const { comp, report } = await runPanel()
    expect(q(comp, 'nc-alert-title')?.textContent).toBe('实测：本次运行不校验合法域名')
    expect(envRow(comp)).toBe('不校验（实测）')
    expect(report.environment.whitelist).toEqual({ enforced: false, reasons: ['measured'] })
    expect(report.environment.enforcement).toEqual({
      source: 'measured',
      canary: 'not_enforced',
      inferred: { enforced: true, reasons: [] },
    })
    // One request and one socket, to a name under example.com; not a row.
    const canary = fake.calls.filter((c) => c.url.includes('zim-canary-'))
    expect(canary.map((c) => c.kind).sort()).toEqual(['request', 'socket'])
    expect(canary.every((c) => /^(https|wss):\/\/zim-canary-[0-9a-z]{8}\.example\.com\/$/.test(c.url))).toBe(
      true,
    )
    expect(report.results.some((r) => r.url.includes('example.com'))).toBe(false)
  })

  it('enforced, measured (a release build with debug on said "not enforced"): no banner, the platform words kept', async () => {
    installFakeWx(network('dns'), { enableDebug: true }, { domains: HOSTS })
    const { comp, report } = await runPanel()
    expect(q(comp, 'nc-alert')).toBeFalsy()
    expect(envRow(comp)).toBe('校验（实测）')
    expect(report.environment.whitelist).toEqual({ enforced: true, reasons: [] })
    expect(report.environment.enforcement).toMatchObject({
      source: 'measured',
      canary: 'enforced',
      inferred: { enforced: false, reasons: ['debug'] },
      answer: { category: 'not_whitelisted', errno: 600002 },
    })
    expect(report.results.every((r) => r.status === 'pass')).toBe(true)
  })

  it('offline: the inference stays, said undecided', async () => {
    installFakeWx(network('hang'), { enableDebug: true })
    const { comp, report } = await runPanel()
    expect(q(comp, 'nc-alert-title')?.textContent).toMatch(
      /^实测未能判定，离线或无应答；按运行环境推断：本次运行不校验合法域名/,
    )
    expect(envRow(comp)).toBe('不校验（推断）')
    expect(report.environment.enforcement).toEqual({
      source: 'inferred',
      canary: 'undecided',
      inferred: { enforced: false, reasons: ['debug'] },
    })
  })

  it('canary off: nothing outside the list is requested, the report has no enforcement record', async () => {
    const { fake } = installFakeWx(network('dns'))
    const { comp, report } = await runPanel({ canary: false })
    expect(fake.calls.some((c) => c.url.includes('zim-canary-'))).toBe(false)
    expect(report.environment.enforcement).toBeUndefined()
    expect(envRow(comp)).toBe('校验（推断）')
  })

  it('canary off, debug on (inferred "not enforced"), a ZIM host missing from the list: the refused row proves the list is checked', async () => {
    // The console lists every socket host but the last one probed: WeChat refuses it as not in the domain list,
    // after the earlier waves' passes were shown as "not enforced" (the store takes them again, as passes).
    const sockets = res.ok ? res.entries.filter((e) => e.category === 'socket') : []
    const missing = sockets[sockets.length - 1].url.replace(/^wss:\/\//, '').replace(/[/:].*$/, '')
    installFakeWx(network('dns'), { enableDebug: true }, { domains: HOSTS.filter((h) => h !== missing) })
    const { comp, report } = await runPanel({ canary: false })
    const refused = report.results.filter((r) => r.status === 'fail')
    expect(refused.map((r) => [r.url, r.error?.category])).toEqual([[`wss://${missing}`, 'not_whitelisted']])
    // The passes are passes: none still says "not enforced", whichever settled before the refusal.
    expect(report.results.filter((r) => r.status !== 'fail').every((r) => r.status === 'pass')).toBe(true)
    expect(report.environment.whitelist).toEqual({ enforced: true, reasons: [] })
    expect(report.environment.enforcement).toMatchObject({
      source: 'measured',
      canary: 'off',
      inferred: { enforced: false, reasons: ['debug'] },
      answer: { api: 'socket', category: 'not_whitelisted', errno: 600002 },
    })
    expect(envRow(comp)).toBe('校验（实测）')
    expect(q(comp, 'nc-alert')).toBeFalsy()
  })

  it('English', async () => {
    installFakeWx(network('dns'))
    const { comp } = await runPanel({ lang: 'en' })
    expect(q(comp, 'nc-alert-title')?.textContent).toBe('Measured: the whitelist is not enforced in this run')
  })
})
