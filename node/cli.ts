import { CatalogEntry } from '../miniprogram/core/catalog'
import { classify } from '../miniprogram/core/classifier'
import { formatResolveMessage } from '../miniprogram/core/messages'
import { Resolution, resolveDomains } from '../miniprogram/core/resolver'
import { CATEGORIES, CATEGORY_LABELS, Lang } from '../miniprogram/core/types'
import {
  diffWhitelist,
  parseConfiguredWhitelist,
  renderWhitelistDiff,
  whitelistBlocks,
  WhitelistDiff,
} from '../miniprogram/core/whitelist'
import { parse, parseLang, readInput, requireString, UsageError } from './args'
import { cmdProbe } from './probe'
import { cmdReport, cmdShare } from './report-cmds'

export interface Io {
  out: (text: string) => void
  err: (text: string) => void
  /** stdout is a terminal. */
  isTTY: boolean
  /** stderr is a terminal (where the progress bar goes). */
  errIsTTY: boolean
  readStdin: () => Promise<string>
  env: Record<string, string | undefined>
}

export const HELP = `zim-netcheck — ZIM 小程序服务器域名检测 / ZIM mini-program server domain checker

Usage: zim-netcheck <command> [options]      (in this repo: npm run --silent netcheck -- <command> ...)

Commands:
  domains --sdk <version|latest|all> [--json]
      The (category, url) pairs the ZIM SDK version needs in 小程序后台 > 开发 > 开发设置 > 服务器域名.
      <version> is x.y.z (v2.13.0, 2.13 and 2.13.0-beta.1 are accepted with a notice), latest or all.
  whitelist --sdk <version|latest|all> [--diff <file>] [--json]
      Paste-ready lists per category (one per line, and ';'-joined).
      --diff <file>  compare with the whitelist you configured: text as the console shows it
                     ("request合法域名" then domains) or JSON {"request": ["https://…"], …}; '-' reads stdin.
                     Exit 1 when something is missing, under the wrong scheme or the wrong category.
                     Prints what to add (paste-ready per category) and what to delete; JSON: diff.advice.

  probe --sdk <version|latest|all> [options]
      Probes every (category, domain) pair with real HTTPS / WebSocket connections and classifies failures.
      --only socket,request,uploadFile,downloadFile   categories to probe (default: all four)
      --timeout <ms>              per-probe deadline (default 10000)
      --deadline <ms>             whole-run deadline; unfinished probes are skipped (default 120000)
      --concurrency-http <n>      parallel request/upload/download probes, 1-10 (default 10)
      --concurrency-socket <n>    parallel WebSocket probes, 1-5 (default 5)
      --resolve <host:port:addr>  connect to addr for host:port (curl's meaning; repeatable; all probe kinds)
      --connect-to <host:port:connecthost:connectport>
                                  connect to connecthost:connectport instead (curl's meaning; repeatable)
      --cacert <pem>              also trust this CA (e.g. a corporate TLS proxy), on top of the system CAs
      --json | --markdown         report format (default: a table); JSON is the zim-netcheck/report@1 schema
      --out <file>                write the report to a file instead of stdout
      --exit-zero                 exit 0 whenever the run completed (npm start uses it)
      A progress bar shows on a terminal; none when piped, with --json or with --out.
      Exit 0 when nothing failed, 1 when a probe failed or was skipped.

  classify [--errno N] [--code NODE_CODE] <errMsg>
  classify -
      Maps a raw wx errMsg / errno (or Node error code) to its category and hint, as the probe does.
      With -, reads one message per line from stdin and prints one JSON line each: {"errMsg","category","hint"}.

  share <report.json> [--max-bytes N]
      Prints the share-card path the mini-program would send for this report (/pages/report/index?r=…),
      made by the same encoder; a report too big for a card keeps the summary and the failing rows.
  report <report.json | share path | payload | -> [--markdown | --text | --json]
      Renders a saved report or a shared card's path or payload (validated first) for reading on a desktop.

Global options:
  --lang zh|en   language of messages (default en)
  -h, --help     this help

Exit codes: 0 ok · 1 a check found a problem · 2 bad usage or input.
`

export class CliExit extends Error {
  constructor(public readonly code: number) {
    super(`exit ${code}`)
  }
}

const langOf = (values: Record<string, unknown>): Lang => parseLang(values.lang)

function resolveOrFail(sdk: string, lang: Lang): Resolution {
  const result = resolveDomains(sdk)
  if (!result.ok) throw new UsageError(formatResolveMessage(result.error, lang))
  return result
}

function resolutionMessages(res: Resolution, lang: Lang): string[] {
  return [...res.notices, ...res.warnings].map((m) => formatResolveMessage(m, lang))
}

function domainJson(e: CatalogEntry) {
  return { category: e.category, url: e.url, purpose: e.purpose, range: e.range.written }
}

const LANG_OPTION = { lang: { type: 'string' } } as const

function cmdDomains(argv: string[], io: Io): number {
  const { values } = parse(argv, { sdk: { type: 'string' }, json: { type: 'boolean' }, ...LANG_OPTION })
  const lang = langOf(values)
  const res = resolveOrFail(requireString(values, 'sdk'), lang)
  const messages = resolutionMessages(res, lang)
  if (values.json) {
    const doc = {
      sdk: { input: res.input, resolved: res.resolved },
      domains: res.entries.map(domainJson),
      warnings: messages,
    }
    io.out(JSON.stringify(doc, null, 2) + '\n')
    return 0
  }
  messages.forEach((m) => io.err(`note: ${m}\n`))
  const width = Math.max(...res.entries.map((e) => e.url.length))
  const lines = [`ZIM SDK ${res.resolved} (input "${res.input}"): ${res.entries.length} domains`]
  for (const category of CATEGORIES) {
    const rows = res.entries.filter((e) => e.category === category)
    if (rows.length === 0) continue
    const label = CATEGORY_LABELS[category]
    lines.push('', `${label.zh} / ${label.en} (${rows.length})`)
    for (const e of rows) lines.push(`  ${e.url.padEnd(width)}  ${e.purpose.padEnd(6)}  ${e.range.written}`)
  }
  io.out(lines.join('\n') + '\n')
  return 0
}

async function cmdWhitelist(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    sdk: { type: 'string' },
    diff: { type: 'string' },
    json: { type: 'boolean' },
    ...LANG_OPTION,
  })
  const lang = langOf(values)
  const res = resolveOrFail(requireString(values, 'sdk'), lang)
  const blocks = whitelistBlocks(res.entries)
  let diff: WhitelistDiff | undefined
  if (values.diff !== undefined) {
    const file = requireString(values, 'diff')
    const text = await readInput(file, io.readStdin, '--diff file')
    const parsed = parseConfiguredWhitelist(text)
    if (!parsed.ok) throw new UsageError(`--diff ${file}: ${parsed.error}`)
    diff = diffWhitelist(res.entries, parsed.list)
  }
  const messages = resolutionMessages(res, lang)
  if (values.json) {
    const doc = {
      sdk: { input: res.input, resolved: res.resolved },
      whitelist: Object.fromEntries(
        blocks.map((b) => [b.category, { domains: b.domains, joined: b.joined }]),
      ),
      ...(diff ? { diff } : {}),
      warnings: messages,
    }
    io.out(JSON.stringify(doc, null, 2) + '\n')
  } else {
    messages.forEach((m) => io.err(`note: ${m}\n`))
    const lines = [`ZIM SDK ${res.resolved}: 服务器域名 / server domains to whitelist`]
    for (const b of blocks) {
      const label = CATEGORY_LABELS[b.category]
      lines.push('', `${label.zh} / ${label.en}:`, b.lines, '', `;-joined:`, b.joined)
    }
    if (diff)
      lines.push('', '——', '对比已配置的白名单 / compared with your whitelist:', ...renderWhitelistDiff(diff))
    io.out(lines.join('\n') + '\n')
  }
  return diff && !diff.ok ? 1 : 0
}

async function cmdClassify(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { errno: { type: 'string' }, code: { type: 'string' }, ...LANG_OPTION },
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
    return JSON.stringify({ errMsg, category, hint: hint[lang] }) + '\n'
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

type Command = (argv: string[], io: Io) => number | Promise<number>

const COMMANDS: Record<string, Command> = {
  domains: cmdDomains,
  whitelist: cmdWhitelist,
  probe: cmdProbe,
  classify: cmdClassify,
  share: cmdShare,
  report: cmdReport,
}

/** Runs one command line; returns the exit code. Never throws for bad input. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    if (command === undefined) {
      io.err('zim-netcheck: missing command (see --help)\n')
      return 2
    }
    io.out(HELP)
    return 0
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(HELP)
    return 0
  }
  const run = COMMANDS[command]
  if (!run) {
    io.err(
      `zim-netcheck: unknown command "${command}" (commands: ${Object.keys(COMMANDS).join(', ')}; see --help)\n`,
    )
    return 2
  }
  try {
    return await run(rest, io)
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`zim-netcheck ${command}: ${e.message}\n`)
      return 2
    }
    if (e instanceof CliExit) return e.code
    io.err(`zim-netcheck ${command}: internal error: ${(e as Error).message ?? String(e)}\n`)
    return 3
  }
}

export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    errIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    readStdin: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = []
        process.stdin.on('data', (c: Buffer) => chunks.push(c))
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
        process.stdin.on('error', reject)
      }),
  }
}
