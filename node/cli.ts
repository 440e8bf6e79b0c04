import { safeField } from '../miniprogram/core/sanitize'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { closestOption, UsageError } from './args'
import type { Io } from './io'

// bin/zim-netcheck.js runs main(argv, processIo()).
export { processIo } from './io'
export type { Io } from './io'

const HELP_HEAD = `zim-netcheck — ZIM 小程序服务器域名检测 / ZIM mini-program server domain checker

Usage: zim-netcheck <command> [options]      (in this repo: npm run --silent netcheck -- <command> ...)

Commands:
`

/** Each command's part of the help, in the order the page lists them; `<command> --help` prints its own. */
const COMMAND_HELP: Record<string, string> = {
  domains: `  domains --sdk <version|latest|all> [--json]
      The (category, url) pairs the ZIM SDK version needs in 小程序后台 > 开发 > 开发设置 > 服务器域名.
      <version> is x.y.z (v2.13.0, 2.13 and 2.13.0-beta.1 are accepted with a notice), latest or all.
      A version above every documented range is resolved as the newest one, with a notice.
`,
  whitelist: `  whitelist --sdk <version|latest|all> [--diff <file>] [--json]
      Paste-ready lists per category (one per line, and ';'-joined).
      --diff <file>  compare with the whitelist you configured: text as the console shows it
                     ("request合法域名" then domains) or JSON {"request": ["https://…"], …}; '-' reads stdin.
                     Exit 1 when something is missing, under the wrong scheme or the wrong category.
                     Prints what to add (paste-ready per category) and what to delete; JSON: diff.advice.
`,
  probe: `  probe --sdk <version|latest|all> [options]
      Probes every (category, domain) pair with real HTTPS / WebSocket connections and classifies failures.
      --only socket,request,uploadFile,downloadFile   categories to probe (default: all four)
      --timeout <ms>              per-probe deadline (default 10000)
      --deadline <ms>             whole-run deadline; unfinished probes are skipped (default 120000)
      --concurrency-http <n>      parallel request/upload/download probes, 1-10 (default 10)
      --concurrency-socket <n>    parallel WebSocket probes, 1-5 (default 5)
      --resolve <host:port:addr>  connect to addr for host:port (curl's meaning; repeatable; all probe kinds)
      --connect-to <host:port:connecthost:connectport>
                                  connect to connecthost:connectport instead (curl's meaning; repeatable)
      --cacert <pem>              also trust this CA (e.g. a corporate TLS proxy), on top of the system CAs;
                                  a server's own certificate works too, as with curl (name and dates checked)
      --proxy <[http|https://][user:password@]host[:port]>
                                  tunnel through this HTTP proxy (CONNECT), over HTTPS_PROXY / ALL_PROXY;
                                  --proxy "" uses none. Credentials are sent, never printed or stored
      --noproxy <list>            hosts that bypass the proxy (curl's rules: a.com matches a.com and x.a.com,
                                  * = all, 10.0.0.0/8), over NO_PROXY
      --json | --markdown         report format (default: a table); JSON is the zim-netcheck/report@1 schema
      --out <file>                write the report to a file instead of stdout (- is stdout; never an input)
      --exit-zero                 exit 0 whenever the run completed (npm start uses it)
      --send <collector-url>      also send the report to a collector (zim-netcheck collect); one line on stderr
      --app-key <key>             the collector's ingest key for --send (or ZIM_APP_KEY); exit 1 if not sent
      A progress bar shows on stderr when stderr is a terminal. Ends with the likely causes and what to do.
      Exit 0 when nothing failed, 1 when a probe failed or was skipped, 130 on Ctrl-C and 143 on SIGTERM (the
      partial report is still written).
`,
  catalog: `  catalog import <docs page .html|.md|-> [--out catalog.json] [--source <name or URL>] [--date YYYY-MM-DD]
      Reads ZEGO's domain table (rowspans, ranges such as "1.2.0 ~ 2.1.5" and "2.13.0 及以上", purposes from the
      描述 column) into a catalog JSON with its source, date and row count. Exit 2 naming the row it cannot read.
`,
  'catalog-options': `  Catalog options of domains, whitelist and probe:
      --catalog <file.json>       an imported catalog instead of the built-in table
      --extra <category:url,…>    your own domains too (repeatable), e.g.
                                  request:https://api.example.com,socket:wss://im.example.com
                                  https for request/uploadFile/downloadFile, wss for socket; a domain, no path, no
                                  IP address; a port for https only. Listed, probed and diffed as "你的域名 / your domains"
`,
  classify: `  classify [--errno N] [--code NODE_CODE] [--platform ID [--api API]] <errMsg>
  classify -
      Maps a raw wx errMsg / errno (or Node error code) to its category and hint, as the probe does.
      With -, reads one message per line from stdin and prints one JSON line each: {"errMsg","category","hint"},
      as each line arrives; a line over 4,000 characters is read for those, with "truncated": true.
      --platform wechat|alipay|douyin|baidu|qq|xhs (any case): a message pasted from that platform, read with its
      own codes and wordings too; --errno is then its own code (Alipay error, Douyin errNo, Baidu / Xiaohongshu
      errCode) and --api (request|uploadFile|downloadFile|socket) the call that failed, for codes that differ per API.
`,
  share: `  share <report.json> [--max-bytes N]
      Prints the share-card path the mini-program would send for this report (/pages/report/index?r=…),
      made by the same encoder; a report too big for a card keeps the summary and the failing rows.
`,
  report: `  report <report.json | share path | payload | -> [--markdown | --text | --json]
      Renders a saved report or a shared card's path or payload (validated first) for reading on a desktop.
`,
  view: `  view <report.json | folder | share path | payload | ->... [--out <file>]
      Writes the offline report viewer (one HTML file, no network) with these reports in it: one report as the
      panel shows it, many as a fleet (host × category, breakdowns, filters, CSV). Opens nothing by itself.
      A folder adds its .json/.txt files; - reads stdin (a report, copied result text, or links one per line).
      --out <file>   default ./zim-netcheck-viewer.html. Exit 2 naming the first unreadable input.
`,
  collect: `  collect [--host 127.0.0.1] [--port 8787] [--db <file>] [--clickhouse <url>] [--ingest-key [name=]<key>]…
          [--read-token <token>] [--keep-days <n>] [--body-limit <bytes>] [--rate-client <n>] [--rate-key <n>]
      The collector: reports sent by the panel or probe --send, stored in a database, read by support.
      POST /v1/reports (X-Zim-App-Key: an ingest key; a report JSON or a share link) → 202 {"id"} once stored;
      GET /v1/reports, /v1/reports/<id>, /v1/fleet (Authorization: Bearer <read token>; ?format=csv); /healthz.
      --db <file>         DuckDB file (default ./zim-netcheck-collector.duckdb); --clickhouse http://host:8123 instead
      --ingest-key        repeatable; also ZIM_INGEST_KEYS (comma-separated). --read-token: also ZIM_READ_TOKEN.
                          Without them, new ones are made and printed.
      --keep-days <n>     delete reports older than n days. --rate-client / --rate-key: reports a minute
                          per client address (default 600) and per ingest key (default 60000).
      Needs fastify, @fastify/rate-limit and @duckdb/node-api (or @clickhouse/client): found where Node finds them,
      else installed once into ~/.cache/zim-netcheck/collector-deps (ZIM_COLLECT_INSTALL=none: only say so).
      Runs until Ctrl-C.
`,
  'copy-dist': `  copy-dist <folder>
      Copies the package's mini-program components (miniprogram_dist: netcheck-panel, report-view, share.js,
      common/) into a folder of your app, for uni-app (src/wxcomponents/zim-netcheck) and Taro, which do not
      run 构建 npm. Run it before each build (a "pre" script): files of an older version are replaced or removed.
      Refuses node_modules and a non-empty folder it did not fill. Exit 1 when a page's usingComponents points
      into the npm package (zim-netcheck/… or /node_modules/…), which those frameworks do not copy.
`,
}

const HELP_TAIL = `Global options:
  --lang zh|en   language of messages (default en); before or after the command
  -h, --help     this help; <command> --help: that command's
  -V, --version  the version

Exit codes: 0 ok · 1 a check found a problem · 2 bad usage or input · 3 not installed or internal error ·
130 interrupted (143 by SIGTERM). A reader that goes away (| head) ends the run quietly with 0.
`

export const HELP = `${HELP_HEAD}${Object.values(COMMAND_HELP).join('\n')}\n${HELP_TAIL}`

export class CliExit extends Error {
  constructor(public readonly code: number) {
    super(`exit ${code}`)
  }
}

type Command = (argv: string[], io: Io) => number | Promise<number>

// Each command's module is loaded only when it runs: `domains`, `whitelist` and `--help` never load the probe
// stack (https, tls, http2, ws and the adapter), which `probe` alone needs.
const COMMANDS: Record<string, Command> = {
  domains: (argv, io) =>
    (require('./commands/domains') as typeof import('./commands/domains')).cmdDomains(argv, io),
  whitelist: (argv, io) =>
    (require('./commands/whitelist') as typeof import('./commands/whitelist')).cmdWhitelist(argv, io),
  classify: (argv, io) =>
    (require('./commands/classify') as typeof import('./commands/classify')).cmdClassify(argv, io),
  probe: (argv, io) => (require('./commands/probe') as typeof import('./commands/probe')).cmdProbe(argv, io),
  share: (argv, io) => (require('./commands/share') as typeof import('./commands/share')).cmdShare(argv, io),
  report: (argv, io) =>
    (require('./commands/report') as typeof import('./commands/report')).cmdReport(argv, io),
  view: (argv, io) => (require('./commands/view') as typeof import('./commands/view')).cmdView(argv, io),
  collect: (argv, io) =>
    (require('./commands/collect') as typeof import('./commands/collect')).cmdCollect(argv, io),
  catalog: (argv, io) =>
    (require('./commands/catalog') as typeof import('./commands/catalog')).cmdCatalog(argv, io),
  'copy-dist': (argv, io) =>
    (require('./commands/copy-dist') as typeof import('./commands/copy-dist')).cmdCopyDist(argv, io),
}

/** The package's version, from package.json beside bin/ (repository) or dist-cli/ (npm package). */
function version(): string {
  for (const p of [join(__dirname, '..', '..', 'package.json'), join(__dirname, '..', 'package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'zim-netcheck' && pkg.version) return pkg.version
    } catch {
      /* the next place */
    }
  }
  return 'unknown'
}

/** `<command> --help`: that command's part of the page, with the global options and exit codes. */
function commandHelp(command: string): string {
  const extra = ['domains', 'whitelist', 'probe'].includes(command)
    ? `\n${COMMAND_HELP['catalog-options']}`
    : ''
  return `Usage: zim-netcheck ${command} [options]\n\n${COMMAND_HELP[command]}${extra}\n${HELP_TAIL}`
}

const isHelp = (a: string) => a === '--help' || a === '-h'

/**
 * Global options before the command (`--lang zh`, `--lang=zh`, `-V`, `--help`), as gh and npm take them: the
 * language is handed to the command as if given after it.
 */
function globalOptions(argv: string[]): {
  lang?: string
  rest: string[]
  version: boolean
  help: boolean
  problem?: string
} {
  let i = 0
  let lang: string | undefined
  let ver = false
  let help = false
  let problem: string | undefined
  const setLang = (value: string) => {
    // As the command's own options: given twice is refused, never the last silently kept.
    if (lang !== undefined) problem ??= '--lang given twice; give it once'
    lang = value
  }
  for (; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--lang') {
      if (i + 1 >= argv.length) problem ??= '--lang takes zh or en; give one, e.g. --lang zh'
      else setLang(argv[++i])
    } else if (a.startsWith('--lang=')) setLang(a.slice('--lang='.length))
    else if (a === '--version' || a === '-V') ver = true
    else if (isHelp(a)) help = true
    else break
  }
  return {
    ...(lang !== undefined ? { lang } : {}),
    rest: argv.slice(i),
    version: ver,
    help,
    ...(problem ? { problem } : {}),
  }
}

/** Runs one command line; returns the exit code. Never throws for bad input. */
export async function main(argv: string[], io: Io): Promise<number> {
  const global = globalOptions(argv)
  const [command, ...args] = global.rest
  if (global.problem) {
    io.err(`zim-netcheck: ${global.problem} (see --help)\n`)
    return 2
  }
  if (global.version) {
    io.out(`zim-netcheck ${version()}\n`)
    return 0
  }
  const known = (name: string) => Object.prototype.hasOwnProperty.call(COMMANDS, name)
  // As `git help nosuch` and `gh help nosuch`: help about a command that does not exist is an unknown command.
  const unknown = (name: string) => {
    const guess = name.startsWith('-') ? undefined : closestOption(name, Object.keys(COMMANDS))
    io.err(
      `zim-netcheck: unknown ${name.startsWith('-') ? 'option' : 'command'} "${safeField(name, 60)}"${guess ? ` (did you mean ${guess}?)` : ''} (commands: ${Object.keys(COMMANDS).join(', ')}; see --help)\n`,
    )
    return 2
  }
  if (global.help || command === 'help') {
    const about = command === 'help' ? args[0] : command
    if (about !== undefined && about !== 'help' && !known(about)) return unknown(about)
    io.out(about !== undefined && about !== 'help' ? commandHelp(about) : HELP)
    return 0
  }
  if (command === undefined) {
    io.err('zim-netcheck: missing command (see --help)\n')
    return 2
  }
  const run = known(command) ? COMMANDS[command] : undefined
  if (!run) return unknown(command)
  // `--help` anywhere before a lone `--`: this command's help.
  const end = args.indexOf('--')
  if ((end < 0 ? args : args.slice(0, end)).some(isHelp)) {
    io.out(commandHelp(command))
    return 0
  }
  // The language before the command is handed to it as if given after it; given both places, the command's
  // parser refuses it as given twice.
  const rest = global.lang !== undefined ? ['--lang', global.lang, ...args] : args
  try {
    return await run(rest, io)
  } catch (e) {
    if (e instanceof UsageError) {
      const see = e.seeHelp ? ` (see zim-netcheck ${command} --help)` : ''
      io.err(`zim-netcheck ${command}: ${safeField(e.message, 1000)}${see}\n`)
      return 2
    }
    if (e instanceof CliExit) return e.code
    // A checkout without its dependencies: bin/zim-netcheck.js says what to run.
    if ((e as NodeJS.ErrnoException | null)?.code === 'MODULE_NOT_FOUND') throw e
    io.err(`zim-netcheck ${command}: internal error: ${safeField((e as Error).message ?? String(e))}\n`)
    return 3
  }
}
