import { Report } from '../../core/report'
import { OTHER_PLATFORM_SEND_TEXT } from '../../core/text'
import { Lang } from '../../core/vocabulary'
import { ShareOutcome } from '../send-report'

export { copyReportText, copyText } from '../send-report'
export type { ShareOutcome, WxShareApi } from '../send-report'

/**
 * The UI's platform/send-report on Alipay, Douyin, Baidu and QQ (the build resolves the UI's import here):
 * copying goes through the same path (the platform's clipboard behind the injected `wx`: my.setClipboard on
 * Alipay, setClipboardData on the others); sending a file says, in the UI language, that this platform has
 * no such share.
 */
export function shareReportFile(_api: unknown, _report: Report, lang: Lang): Promise<ShareOutcome> {
  return Promise.resolve({ ok: false, message: OTHER_PLATFORM_SEND_TEXT[lang].fileNotOnPlatform })
}
