import { Report, renderJson, renderText } from '../core/report'
import { Lang } from '../core/types'

interface WxFail {
  errMsg?: string
  errno?: number
}

/** The slice of `wx` sharing uses; the real `wx` fits it, a fake stands in for tests. */
export interface WxShareApi {
  env: { USER_DATA_PATH: string }
  setClipboardData(opts: { data: string; success?: () => void; fail?: (err: WxFail) => void }): void
  getFileSystemManager(): { writeFileSync(filePath: string, data: string, encoding: 'utf8'): void }
  shareFileMessage?: (opts: {
    filePath: string
    fileName?: string
    success?: () => void
    fail?: (err: WxFail) => void
  }) => void
  getDeviceInfo?: () => { platform?: string }
}

export interface ShareOutcome {
  ok: boolean
  /** What to tell the user, in the UI language. */
  message: string
}

const T = {
  zh: {
    copied: '结果已复制，可直接粘贴给技术支持',
    privacy:
      '无法写入剪贴板：小程序未在隐私保护指引中声明剪贴板（errno {n}）。请改用“发送 JSON 文件”或“分享给技术支持”',
    clipboard: '无法写入剪贴板：{m}。请改用“发送 JSON 文件”或“分享给技术支持”',
    fileSent: '报告文件已发送',
    fileUnsupported:
      '当前环境不支持发送文件（电脑端微信或基础库低于 2.16.1）。请改用“复制结果文本”或“分享给技术支持”',
    fileWrite: '无法保存报告文件：{m}',
    fileFail: '发送文件失败：{m}',
  },
  en: {
    copied: 'Results copied: paste them to support',
    privacy:
      'Could not write to the clipboard: the clipboard is not declared in the privacy guide (errno {n}). Send the JSON file or share a card instead',
    clipboard: 'Could not write to the clipboard: {m}. Send the JSON file or share a card instead',
    fileSent: 'Report file sent',
    fileUnsupported:
      'Sending files is not available here (WeChat on PC, or base library below 2.16.1). Copy the text or share a card instead',
    fileWrite: 'Could not save the report file: {m}',
    fileFail: 'Sending the file failed: {m}',
  },
}

const fill = (s: string, v: Record<string, string | number | undefined>) =>
  s.replace(/\{(\w)\}/g, (_, k: string) => String(v[k] ?? ''))

/** Copies the chat-sized summary; a privacy refusal (errno 112 / 104) gets its own message. */
export function copyReportText(api: WxShareApi, report: Report, lang: Lang): Promise<ShareOutcome> {
  const t = T[lang]
  return new Promise((resolve) => {
    try {
      api.setClipboardData({
        data: renderText(report, lang),
        success: () => resolve({ ok: true, message: t.copied }),
        fail: (err) => {
          const privacy = err && (err.errno === 112 || err.errno === 104)
          resolve({
            ok: false,
            message: privacy
              ? fill(t.privacy, { n: err.errno })
              : fill(t.clipboard, { m: err?.errMsg ?? '' }),
          })
        },
      })
    } catch (e) {
      resolve({ ok: false, message: fill(t.clipboard, { m: (e as Error).message }) })
    }
  })
}

/** File name for a report: zim-netcheck-2.13.0-20261128-102030.json. */
export function reportFileName(report: Report): string {
  const stamp = report.createdAt
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-')
  const sdk = report.sdk.resolved.replace(/[^0-9A-Za-z.]/g, '')
  return `zim-netcheck-${sdk}-${stamp}.json`
}

/** Writes the full report under USER_DATA_PATH and sends it with wx.shareFileMessage (needs a tap; not on PC). */
export function shareReportFile(api: WxShareApi, report: Report, lang: Lang): Promise<ShareOutcome> {
  const t = T[lang]
  let platform: string | undefined
  try {
    platform = api.getDeviceInfo?.().platform
  } catch {
    platform = undefined
  }
  if (typeof api.shareFileMessage !== 'function' || platform === 'windows' || platform === 'mac') {
    return Promise.resolve({ ok: false, message: t.fileUnsupported })
  }
  const fileName = reportFileName(report)
  const filePath = `${api.env.USER_DATA_PATH}/${fileName}`
  try {
    api.getFileSystemManager().writeFileSync(filePath, renderJson(report), 'utf8')
  } catch (e) {
    return Promise.resolve({
      ok: false,
      message: fill(t.fileWrite, { m: (e as WxFail).errMsg ?? String(e) }),
    })
  }
  const send = api.shareFileMessage
  return new Promise((resolve) => {
    send({
      filePath,
      fileName,
      success: () => resolve({ ok: true, message: t.fileSent }),
      fail: (err) => resolve({ ok: false, message: fill(t.fileFail, { m: err?.errMsg ?? '' }) }),
    })
  })
}
