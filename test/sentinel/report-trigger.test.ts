import { encodeShare } from '../../miniprogram/core/share'
import { renderJson } from '../../miniprogram/core/report'
import { validateReport } from '../../miniprogram/core/report/validate'
import { report2130 } from '../helpers/reports'

describe('report@1 trigger (issue 33)', () => {
  it('a report without it has no trigger key: JSON and share link as before', () => {
    const r = report2130()
    expect('trigger' in r).toBe(false)
    const withTrigger = {
      ...r,
      trigger: { by: 'sentinel' as const, kind: 'zim_state' as const, state: 0, event: 2 },
    }
    // The share link does not carry it: the link of a report without it is byte for byte what it was.
    expect(encodeShare(withTrigger).path).toBe(encodeShare(r).path)
    expect(renderJson(r)).not.toContain('trigger')
  })

  it('validateReport accepts a trigger and refuses a wrong one with its path', () => {
    const r = report2130()
    const ok = validateReport(
      JSON.parse(
        JSON.stringify({ ...r, trigger: { by: 'sentinel', kind: 'host', reason: 'login', code: 6000103 } }),
      ),
    )
    expect(ok.ok).toBe(true)
    const bad = (trigger: unknown) => {
      const v = validateReport(JSON.parse(JSON.stringify({ ...r, trigger })))
      return v.ok ? '' : v.error
    }
    expect(bad({ by: 'panel', kind: 'host' })).toContain('trigger')
    expect(bad({ by: 'sentinel', kind: 'storm' })).toContain('trigger.kind')
    expect(bad({ by: 'sentinel', kind: 'zim_state', state: 'x' })).toContain('trigger.state')
    expect(bad({ by: 'sentinel', kind: 'host', reason: 'x'.repeat(201) })).toContain('trigger.reason')
  })
})
