import { Report, renderJson, renderText } from '../core/report'
import { Lang } from '../core/vocabulary'

interface WxFail {
  errMsg?: string
  errno?: number
}

/** The slice of `wx` sharing uses; the real `wx` fits it, a fake stands in for tests. */
export interface WxShareApi {
  env: { USER_DATA_PATH: string }
  setClipboardData(opts: { data: string; success?: () => void; fail?: (err: WxFail) => void }): void
  getFileSystemManager(): {
    writeFileSync(filePath: string, data: string, encoding: 'utf8'): void
    unlinkSync?: (filePath: string) => void
  }
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
    privacy112:
      '无法写入剪贴板：小程序的《用户隐私保护指引》没有声明“剪切板”（errno 112）。请小程序管理员在 小程序后台 > 设置 > 服务内容声明 > 用户隐私保护指引 中加入剪切板并等审核生效；现在可改用“发送 JSON 文件”或“分享卡片”',
    privacy104:
      '无法写入剪贴板：你还没有同意本小程序的隐私保护指引（errno 104）。同意隐私授权后再点一次；也可改用“发送 JSON 文件”或“分享卡片”',
    clipboard: '无法写入剪贴板：{m}。请改用“发送 JSON 文件”或“分享给技术支持”',
    fileSent: '报告文件已发送',
    fileUnsupported:
      '当前环境不支持发送文件（电脑端微信或基础库低于 2.16.1）。请改用“复制结果文本”或“分享给技术支持”',
    fileWrite: '无法保存报告文件：{m}',
    fileFail: '发送文件失败：{m}',
  },
  en: {
    copied: 'Results copied: paste them to support',
    privacy112:
      'Could not write to the clipboard: this mini-program’s privacy guide does not declare the clipboard (errno 112). Its admin must add 剪切板 under 小程序后台 > 设置 > 服务内容声明 > 用户隐私保护指引 and wait for the review; meanwhile send the JSON file or share a card',
    privacy104:
      'Could not write to the clipboard: you have not agreed to this mini-program’s privacy guide (errno 104). Agree to the privacy prompt and tap again, or send the JSON file or share a card',
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

/**
 * What to tell the user when setClipboardData fails. The privacy guide's two refusals need different actions
 * (framework/user-privacy/PrivacyAuthorize.html): errno 112 "api scope is not declared in the privacy
 * agreement" — the app's admin must declare the clipboard; errno 104 "privacy permission is not authorized" —
 * this user has not agreed yet. Used by every copy path (report text, whitelist blocks).
 */
export function clipboardFailureMessage(err: WxFail | undefined, lang: Lang): string {
  const t = T[lang]
  const errno = err?.errno
  const msg = err?.errMsg ?? ''
  if (errno === 112 || /not declared in the privacy agreement/i.test(msg)) return t.privacy112
  if (errno === 104 || /privacy permission is not authorized/i.test(msg)) return t.privacy104
  return fill(t.clipboard, { m: `${msg}${errno !== undefined ? ` (errno ${errno})` : ''}` })
}

/** Copies the chat-sized summary; a privacy refusal (errno 112 / 104) gets its own message. */
export function copyReportText(api: WxShareApi, report: Report, lang: Lang): Promise<ShareOutcome> {
  const t = T[lang]
  return new Promise((resolve) => {
    try {
      api.setClipboardData({
        data: renderText(report, lang),
        success: () => resolve({ ok: true, message: t.copied }),
        fail: (err) => resolve({ ok: false, message: clipboardFailureMessage(err, lang) }),
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

/**
 * Writes the full report under USER_DATA_PATH and sends it with wx.shareFileMessage (needs a tap; not on PC).
 * The file is removed once the share ended (sent, cancelled or failed): user files and the host's share one
 * 200 MB quota (framework/ability/file-system).
 */
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
  const remove = () => {
    try {
      api.getFileSystemManager().unlinkSync?.(filePath)
    } catch {
      // Already gone.
    }
  }
  return new Promise((resolve) => {
    try {
      send({
        filePath,
        fileName,
        success: () => {
          remove()
          resolve({ ok: true, message: t.fileSent })
        },
        fail: (err) => {
          remove()
          resolve({ ok: false, message: fill(t.fileFail, { m: err?.errMsg ?? '' }) })
        },
      })
    } catch (e) {
      remove()
      resolve({ ok: false, message: fill(t.fileFail, { m: (e as Error).message }) })
    }
  })
}
