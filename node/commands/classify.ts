import { classify } from '../../miniprogram/core/classifier'
import { safeJson } from '../../miniprogram/core/sanitize'
import { LANG_OPTION, langOf, parse, UsageError } from '../args'
import type { Io } from '../io'

export async function cmdClassify(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    // --json is accepted and changes nothing: the output is JSON already.
    { errno: { type: 'string' }, code: { type: 'string' }, json: { type: 'boolean' }, ...LANG_OPTION },
    true,
  )
  const lang = langOf(values)
  let errno: number | undefined
  if (values.errno !== undefined) {
    if (typeof values.errno !== 'string' || !/^-?\d+$/.test(values.errno)) {
      throw new UsageError(`--errno takes a whole number, got "${String(values.errno)}"`)
    }
    errno = Number(values.errno)
  }
  const code = typeof values.code === 'string' ? values.code : undefined
  const line = (errMsg: string) => {
    const { category, hint } = classify({ errMsg, errno, code })
    return safeJson(JSON.stringify({ errMsg, category, hint: hint[lang] })) + '\n'
  }
  if (positionals.length === 1 && positionals[0] === '-') {
    const text = await io.readStdin()
    for (const msg of text.split(/\r?\n/)) if (msg.trim() !== '') io.out(line(msg))
    return 0
  }
  if (positionals.length === 0)
    throw new UsageError('missing <errMsg> (or - to read one message per line from stdin)')
  io.out(line(positionals.join(' ')))
  return 0
}
