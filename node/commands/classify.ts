import { classify, MESSAGE_CHARS, RawError } from '../../miniprogram/core/classifier'
import { categoryNamed } from '../../miniprogram/core/plan'
import { PLATFORM_CODES } from '../../miniprogram/core/platform-codes'
import { safeJson } from '../../miniprogram/core/sanitize'
import { CATEGORIES, Category, PLATFORM_IDS, PlatformId } from '../../miniprogram/core/vocabulary'
import { LANG_OPTION, langOf, parse, UsageError } from '../args'
import type { Io } from '../io'

/** The field a platform's own failure carries its code in (core/platforms.ts reads them). */
const CODE_FIELD: Record<Exclude<PlatformId, 'wechat' | 'qq'>, 'error' | 'errNo' | 'errCode'> = {
  alipay: 'error',
  douyin: 'errNo',
  baidu: 'errCode',
  xhs: 'errCode',
}

/** `--platform` as one of the five ids, case-insensitively; anything else is a one-line usage error. */
export function parsePlatform(value: unknown): PlatformId | undefined {
  if (value === undefined) return undefined
  const id = typeof value === 'string' ? value.trim().toLowerCase() : ''
  if (!(PLATFORM_IDS as readonly string[]).includes(id))
    throw new UsageError(`--platform takes ${PLATFORM_IDS.join('|')}, got "${String(value)}"`)
  return id as PlatformId
}

/** `--api` as one of the four calls, in any case; anything else is a one-line usage error. */
function parseApi(value: unknown): Category | undefined {
  if (value === undefined) return undefined
  const api = typeof value === 'string' ? categoryNamed(value) : undefined
  if (!api) throw new UsageError(`--api takes ${CATEGORIES.join('|')}, got "${String(value)}"`)
  return api
}

export async function cmdClassify(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    // --json is accepted and changes nothing: the output is JSON already.
    {
      errno: { type: 'string' },
      code: { type: 'string' },
      platform: { type: 'string' },
      api: { type: 'string' },
      json: { type: 'boolean' },
      ...LANG_OPTION,
    },
    true,
  )
  const lang = langOf(values)
  const platform = parsePlatform(values.platform)
  let errno: number | undefined
  if (values.errno !== undefined) {
    if (typeof values.errno !== 'string' || !/^-?\d+$/.test(values.errno)) {
      throw new UsageError(`--errno takes a whole number, got "${String(values.errno)}"`)
    }
    errno = Number(values.errno)
  }
  const code = typeof values.code === 'string' ? values.code : undefined
  const api = parseApi(values.api)
  // WeChat and QQ fail as {errMsg, errno}; another platform's number goes in its own field, where only its
  // table reads it (a wx errno table row must not decide an Alipay code).
  const own = platform && platform !== 'wechat' && platform !== 'qq' ? CODE_FIELD[platform] : undefined
  const table = platform && platform !== 'wechat' ? PLATFORM_CODES[platform] : undefined
  const line = (errMsg: string, cut = false) => {
    const raw: RawError = { errMsg, code }
    if (own) raw[own] = errno
    else raw.errno = errno
    if (platform) Object.assign(raw, { platform, api })
    const { category, hint } = classify(raw, table)
    // A line longer than what the classifier reads is answered for its first MESSAGE_CHARS characters, said so.
    return (
      safeJson(JSON.stringify({ errMsg, category, hint: hint[lang], ...(cut ? { truncated: true } : {}) })) +
      '\n'
    )
  }
  if (positionals.length === 1 && positionals[0] === '-') {
    // Each line answered as it arrives, in constant memory (a log piped in, or followed with tail -f).
    let undecodable = false
    await io.stdinLines((msg, cut) => {
      if (msg.trim() === '') return
      // Bytes that are not UTF-8 (a log saved as GBK on Chinese Windows) read as U+FFFD: said once, on stderr.
      if (!undecodable && msg.includes('\uFFFD')) {
        undecodable = true
        io.err(
          'warning: stdin is not UTF-8 text (saved as GBK?): its Chinese words cannot be read; convert it first, e.g. iconv -f GBK -t UTF-8\n',
        )
      }
      io.out(line(msg, cut))
    }, MESSAGE_CHARS)
    return 0
  }
  if (positionals.length === 0)
    throw new UsageError('missing <errMsg> (or - to read one message per line from stdin)')
  const message = positionals.join(' ')
  // A blank message with no code to read would be answered "unknown, send it to support": say what is missing.
  if (message.trim() === '' && errno === undefined && code === undefined)
    throw new UsageError(
      '<errMsg> is empty: give the message as the platform printed it, or --errno / --code',
    )
  io.out(line(message))
  return 0
}
