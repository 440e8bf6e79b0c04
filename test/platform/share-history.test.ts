import { History, HISTORY_LIMIT, StorageLike } from '../../miniprogram/platform/history'
import { removeStored, storedReport } from '../../miniprogram/platform/history-report'
import {
  clipboardFailureMessage,
  copyReportText,
  reportFileName,
  shareReportFile,
  WxShareApi,
} from '../../miniprogram/platform/send-report'
import { report2130 } from '../helpers/reports'

function fakeShareApi(over: Partial<WxShareApi> & { platform?: string } = {}) {
  const written = new Map<string, string>()
  const sent: { filePath: string; fileName?: string }[] = []
  const clipboard: string[] = []
  const api: WxShareApi = {
    env: { USER_DATA_PATH: 'wxfile://usr' },
    setClipboardData: (o) => {
      clipboard.push(o.data)
      o.success?.()
    },
    getFileSystemManager: () => ({ writeFileSync: (p, d) => void written.set(p, d) }),
    shareFileMessage: (o) => {
      sent.push({ filePath: o.filePath, fileName: o.fileName })
      o.success?.()
    },
    getDeviceInfo: () => ({ platform: over.platform ?? 'android' }),
    ...over,
  }
  return { api, written, sent, clipboard }
}

describe('copy as text', () => {
  it('puts the chat summary with every failing row on the clipboard', async () => {
    const report = report2130()
    const { api, clipboard } = fakeShareApi()
    const out = await copyReportText(api, report, 'zh')
    expect(out.ok).toBe(true)
    const failing = report.results.filter((r) => r.status === 'fail')
    expect(failing.length).toBeGreaterThan(0)
    for (const r of failing) expect(clipboard[0]).toContain(r.url)
    expect(clipboard[0]).toContain('SDK 2.13.0')
  })

  it('a privacy refusal (errno 112) says why and offers the other ways', async () => {
    const { api } = fakeShareApi({
      setClipboardData: (o) =>
        o.fail?.({
          errMsg: 'setClipboardData:fail api scope is not declared in the privacy agreement',
          errno: 112,
        }),
    })
    const zh = await copyReportText(api, report2130(), 'zh')
    expect(zh).toEqual({
      ok: false,
      message: expect.stringMatching(/隐私保护指引.*没有声明“剪切板”（errno 112）.*发送 JSON 文件/),
    })
    const en = await copyReportText(api, report2130(), 'en')
    expect(en.message).toMatch(/privacy guide does not declare the clipboard \(errno 112\).*JSON file/)
  })

  it('errno 104 (the user has not agreed) gets a different, user-side message', async () => {
    const { api } = fakeShareApi({
      setClipboardData: (o) =>
        o.fail?.({ errMsg: 'setClipboardData:fail privacy permission is not authorized', errno: 104 }),
    })
    const zh = await copyReportText(api, report2130(), 'zh')
    expect(zh.message).toMatch(/你还没有同意.*隐私保护指引（errno 104）.*同意隐私授权后再点一次/)
    expect(zh.message).not.toMatch(/小程序后台/)
    const en = await copyReportText(api, report2130(), 'en')
    expect(en.message).toMatch(/you have not agreed.*\(errno 104\)/)
  })

  it('without errno (base library before errno) the message still tells 112 and 104 apart', () => {
    expect(
      clipboardFailureMessage(
        { errMsg: 'setClipboardData:fail api scope is not declared in the privacy agreement' },
        'en',
      ),
    ).toMatch(/errno 112/)
    expect(
      clipboardFailureMessage({ errMsg: 'setClipboardData:fail privacy permission is not authorized' }, 'en'),
    ).toMatch(/errno 104/)
    expect(clipboardFailureMessage({ errMsg: 'setClipboardData:fail busy', errno: 1 }, 'zh')).toBe(
      '无法写入剪贴板：setClipboardData:fail busy (errno 1)。请改用“发送 JSON 文件”或“分享卡片”',
    )
  })
})

describe('JSON file', () => {
  it('writes the full report under USER_DATA_PATH and sends it', async () => {
    const report = report2130()
    const { api, written, sent } = fakeShareApi()
    const out = await shareReportFile(api, report, 'en')
    expect(out.ok).toBe(true)
    const name = reportFileName(report)
    expect(name).toBe('zim-netcheck-2.13.0-20261128-102030.json')
    expect(sent).toEqual([{ filePath: `wxfile://usr/${name}`, fileName: name }])
    expect(JSON.parse(written.get(`wxfile://usr/${name}`) as string)).toEqual(report)
  })

  it.each([['windows'], ['mac']])('says why on PC (%s), without writing anything', async (platform) => {
    const { api, written } = fakeShareApi({ platform })
    const out = await shareReportFile(api, report2130(), 'zh')
    expect(out).toEqual({ ok: false, message: expect.stringMatching(/电脑端微信/) })
    expect(written.size).toBe(0)
  })

  it('says why when the base library has no shareFileMessage, or the file cannot be written', async () => {
    const old = fakeShareApi({ shareFileMessage: undefined })
    expect((await shareReportFile(old.api, report2130(), 'en')).message).toMatch(/2\.16\.1/)
    const full = fakeShareApi({
      getFileSystemManager: () => ({
        writeFileSync: () => {
          throw { errMsg: 'writeFileSync:fail the maximum size of the file storage limit is exceeded' }
        },
      }),
    })
    expect((await shareReportFile(full.api, report2130(), 'en')).message).toMatch(/storage limit is exceeded/)
  })
})

/** Storage with a byte quota, like wx's 10 MB per user. */
class QuotaStorage implements StorageLike {
  data = new Map<string, string>()
  constructor(private quota: number) {}
  used(except?: string) {
    let n = 0
    for (const [k, v] of this.data) if (k !== except) n += k.length + v.length
    return n
  }
  getStorageSync(key: string) {
    const v = this.data.get(key)
    return v === undefined ? '' : JSON.parse(v)
  }
  setStorageSync(key: string, value: unknown) {
    const text = JSON.stringify(value)
    if (this.used(key) + key.length + text.length > this.quota)
      throw { errMsg: 'setStorageSync:fail exceed storage max size 10M' }
    this.data.set(key, text)
  }
  removeStorageSync(key: string) {
    this.data.delete(key)
  }
}

describe('history', () => {
  const reportAt = (minute: number) => ({
    ...report2130(),
    createdAt: new Date(Date.UTC(2026, 10, 28, 10, minute)).toISOString(),
  })

  it('keeps the last 20, newest first; open and delete any', () => {
    const storage = new QuotaStorage(10_000_000)
    const h = new History(storage)
    const ids: string[] = []
    for (let i = 0; i < 23; i++) {
      const saved = h.save(reportAt(i))
      expect(saved.ok).toBe(true)
      ids.push(saved.id)
    }
    const list = h.list()
    expect(list).toHaveLength(HISTORY_LIMIT)
    expect(list[0].id).toBe(ids[22])
    expect(list[19].id).toBe(ids[3])
    expect(storedReport(storage, ids[0])).toBeUndefined()
    expect(storedReport(storage, ids[22])?.createdAt).toBe(reportAt(22).createdAt)
    removeStored(storage, ids[22])
    expect(h.list()[0].id).toBe(ids[21])
    expect(storedReport(storage, ids[22])).toBeUndefined()
  })

  it('a full storage drops the oldest entries, and the new report is saved', () => {
    const one = JSON.stringify(reportAt(0)).length
    const storage = new QuotaStorage(one * 3.5)
    const h = new History(storage)
    const first = h.save(reportAt(0))
    h.save(reportAt(1))
    h.save(reportAt(2))
    const latest = h.save(reportAt(3))
    expect(latest.ok).toBe(true)
    if (latest.ok) expect(latest.dropped).toContain(first.id)
    expect(storedReport(storage, latest.id)?.createdAt).toBe(reportAt(3).createdAt)
    expect(h.list()[0].id).toBe(latest.id)
  })

  it('a stored entry that is no longer a valid report reads back as undefined (the full validator checks it)', () => {
    const storage = new QuotaStorage(10_000_000)
    const h = new History(storage)
    const saved = h.save(reportAt(0))
    expect(storedReport(storage, saved.id)?.createdAt).toBe(reportAt(0).createdAt)
    storage.setStorageSync(`zim-netcheck/report/${saved.id}`, {
      ...reportAt(0),
      schema: 'zim-netcheck/report@2',
    })
    expect(storedReport(storage, saved.id)).toBeUndefined()
    storage.setStorageSync(`zim-netcheck/report/${saved.id}`, { ...reportAt(0), summary: { total: 1 } })
    expect(storedReport(storage, saved.id)).toBeUndefined()
    expect(storedReport(storage, 'nope')).toBeUndefined()
  })

  it('a report that can never fit is refused with the platform’s message, nothing else lost', () => {
    const h = new History(new QuotaStorage(100))
    const out = h.save(reportAt(0))
    expect(out).toMatchObject({ ok: false, error: expect.stringMatching(/exceed storage max size/) })
    expect(h.list()).toEqual([])
  })
})
