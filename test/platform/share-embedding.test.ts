import { decodeShare, SHARE_PAGE } from '../../miniprogram/core/share'
import { shareReportFile, WxShareApi } from '../../miniprogram/platform/send-report'
import { DEFAULT_SHARE_PAGE, shareCard } from '../../miniprogram/platform/share-card'
import { report2130 } from '../helpers/reports'

/** A share API whose file system keeps files until unlinked, like FileSystemManager. */
function api(send: 'ok' | 'fail' | 'cancel' | 'throw') {
  const files = new Map<string, string>()
  const a: WxShareApi = {
    env: { USER_DATA_PATH: 'wxfile://usr' },
    setClipboardData: (o) => o.success?.(),
    getFileSystemManager: () => ({
      writeFileSync: (p, d) => void files.set(p, d),
      unlinkSync: (p) => {
        if (!files.delete(p)) throw { errMsg: `unlinkSync:fail no such file ${p}` }
      },
    }),
    shareFileMessage: (o) => {
      // The file exists while WeChat sends it.
      if (!files.has(o.filePath)) throw new Error('file missing during the share')
      if (send === 'throw') throw new Error('shareFileMessage:fail must be called from a tap')
      if (send === 'ok') o.success?.()
      else
        o.fail?.({
          errMsg: send === 'cancel' ? 'shareFileMessage:fail cancel' : 'shareFileMessage:fail system error',
        })
    },
    getDeviceInfo: () => ({ platform: 'ios' }),
  }
  return { api: a, files }
}

describe('shared JSON files do not stay on the device', () => {
  it.each([['ok'], ['cancel'], ['fail'], ['throw']] as const)(
    'removed after the share ends (%s)',
    async (how) => {
      const { api: a, files } = api(how)
      const out = await shareReportFile(a, report2130(), 'en')
      // A cancelled share is the user's choice, not an error (issue 15).
      expect(out.ok).toBe(how === 'ok' || how === 'cancel')
      if (how === 'cancel') expect(out.message).toBe('Sending the file was cancelled')
      expect(files.size).toBe(0)
    },
  )
})

describe('share card page path (embedding)', () => {
  it('defaults to /pages/report/index', () => {
    expect(DEFAULT_SHARE_PAGE).toBe('/pages/report/index')
    const card = shareCard(report2130())
    expect(card.path.startsWith('/pages/report/index?r=z1.')).toBe(true)
  })

  it('opens a host page in a subpackage; the payload is core/share’s, and still decodes', () => {
    const page = '/packageDebug/netcheck/report'
    const card = shareCard(report2130(), page)
    expect(card.path.startsWith(`${page}?r=z1.`)).toBe(true)
    const decoded = decodeShare(card.path.slice(page.length + 1))
    expect(decoded.ok).toBe(true)
    if (decoded.ok) expect(decoded.report.sdk.resolved).toBe('2.13.0')
    // The longer page leaves the payload fewer bytes: the whole path stays within the same budget.
    expect(card.path.length).toBeLessThanOrEqual(1000)
  })

  it('a bad page path falls back to the default', () => {
    for (const bad of ['pages/x', '', '/a b', '/x?y=1'])
      expect(shareCard(report2130(), bad).path.startsWith(`${SHARE_PAGE}?r=`)).toBe(true)
  })
})
