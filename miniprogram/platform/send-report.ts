import type { Report } from '../core/report/model'
import { chatText, renderJson } from '../core/report/render'
import { formatLocalTime } from '../core/format'
import { fill, PANEL_TEXT, SEND_TEXT } from '../core/text'
import { Lang } from '../core/vocabulary'

/** A failed call's result; `errno` is documented (the privacy guide's 104 / 112) but not in the typings. */
type WxFail = Partial<WechatMiniprogram.GeneralCallbackResult> & { errno?: number }

/**
 * The callbacks we pass. Written out rather than picked from the typings: theirs hand `success` a result we never
 * read, and a fake `wx` calls `success()` without one.
 */
interface Callbacks {
  success?: () => void
  fail?: (err: WxFail) => void
}

/** The slice of `wx` sharing uses (options picked from miniprogram-api-typings); the real `wx` fits it, a fake stands in for tests. */
export interface WxShareApi {
  env: { USER_DATA_PATH: string }
  setClipboardData(opts: Pick<WechatMiniprogram.SetClipboardDataOption, 'data'> & Callbacks): void
  getFileSystemManager(): {
    writeFileSync(filePath: string, data: string, encoding: 'utf8'): void
    unlinkSync?: (filePath: string) => void
  }
  shareFileMessage?: (
    opts: Pick<WechatMiniprogram.ShareFileMessageOption, 'filePath' | 'fileName'> & Callbacks,
  ) => void
  /** `platform` as any string: the typings close it to a list, and a new OS must still read through. */
  getDeviceInfo?: () => { platform?: string }
}

export interface ShareOutcome {
  ok: boolean
  /** What to tell the user, in the UI language. */
  message: string
}

const T = SEND_TEXT

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

/**
 * The one clipboard path of the mini-program (report text, whitelist blocks, missing-domain cards): a privacy
 * refusal (errno 112 / 104) gets its own message, any other failure the platform's.
 */
export function copyText(
  api: Pick<WxShareApi, 'setClipboardData'>,
  data: string,
  lang: Lang,
): Promise<ShareOutcome> {
  const t = T[lang]
  return new Promise((resolve) => {
    try {
      api.setClipboardData({
        data,
        success: () => resolve({ ok: true, message: t.copied }),
        fail: (err) => resolve({ ok: false, message: clipboardFailureMessage(err, lang) }),
      })
    } catch (e) {
      resolve({ ok: false, message: fill(t.clipboard, { m: (e as Error).message }) })
    }
  })
}

/**
 * The chat-sized summary as the panel and the report page copy it: the reader's local time with its zone on
 * top, then chatText unchanged (its first line keeps the ISO time that the support viewer reads back).
 */
export function reportText(report: Report, lang: Lang): string {
  return `${PANEL_TEXT[lang].localTime} ${formatLocalTime(report.createdAt)}\n${chatText(report, lang, 20, [])}`
}

/** Copies the chat-sized summary (copyText). */
export function copyReportText(api: WxShareApi, report: Report, lang: Lang): Promise<ShareOutcome> {
  return copyText(api, reportText(report, lang), lang)
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
          // The user closed the chat picker ("shareFileMessage:fail cancel"): their choice, not an error.
          if (/cancel/i.test(err?.errMsg ?? ''))
            resolve({ ok: true, message: PANEL_TEXT[lang].fileCancelled })
          else resolve({ ok: false, message: fill(t.fileFail, { m: err?.errMsg ?? '' }) })
        },
      })
    } catch (e) {
      remove()
      resolve({ ok: false, message: fill(t.fileFail, { m: (e as Error).message }) })
    }
  })
}
