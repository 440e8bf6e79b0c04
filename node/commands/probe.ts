import { CLI_TEXT, fill } from '../../miniprogram/core/text'
import { DEFAULT_ENGINE_OPTIONS, ProbeEngine } from '../../miniprogram/core/engine'
import { ProbeResult, RunProgress } from '../../miniprogram/core/result'
import { describeEnforcement, RunEnvironment, whitelistEnforcement } from '../../miniprogram/core/environment'
import { formatResolveMessage } from '../../miniprogram/core/messages'
import { parseCategoryList, PlannedProbe, planProbes } from '../../miniprogram/core/plan'
import { buildReport, renderJson, renderMarkdown, verdict } from '../../miniprogram/core/report'
import { withExtras } from '../../miniprogram/core/extra-domains'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { Category, Lang } from '../../miniprogram/core/vocabulary'
import { createNodeAdapter } from '../adapter'
import { parseConnectTo, parseResolve } from '../routing'
import { certificateProblem, readCaFile } from '../trust'
import { adviceFor, adviceMarkdown } from '../advice'
import {
  checkOutFile,
  parse,
  parseLang,
  positiveInt,
  requireString,
  STDOUT,
  UsageError,
  writeOut,
} from '../args'
import { CATALOG_OPTIONS, catalogChoice } from '../catalog-options'
import type { Io } from '../io'
import { ProxyServer, ProxySettings, proxyFor, proxySettingsFrom } from '../proxy'
import { renderProbeTable } from '../table'
import { appKeyFrom, sendReport, sendTarget } from '../collect/send'

/**
 * The signals that end a run with its partial report, and the exit code each gives: 128 + the signal's number, as
 * shells give. Ctrl-C is SIGINT; `timeout`, `kill` and process managers send SIGTERM.
 */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const
type StopSignal = keyof typeof STOP_SIGNALS

/** os.platform() and os.arch() are process.platform and process.arch: read here without loading node:os. */
export function nodeEnvironment(): RunEnvironment {
  return { runtime: 'node', platform: `${process.platform}-${process.arch}`, node: process.versions.node }
}

function asList(v: unknown): string[] {
  if (v === undefined) return []
  return Array.isArray(v) ? (v as string[]) : [String(v)]
}

/** Parses spec strings with a parser whose Error already names the flag and the spec once; a usage error. */
function parseSpecs<T>(specs: string[], parser: (s: string) => T): T[] {
  return specs.map((s) => {
    try {
      return parser(s)
    } catch (e) {
      throw new UsageError((e as Error).message)
    }
  })
}

/**
 * The proxy the run goes through (the report keeps its scheme, host and port) and what to note about it: where it
 * came from, and the hosts NO_PROXY sends around it.
 */
export function proxyUse(
  settings: ProxySettings | undefined,
  plan: readonly PlannedProbe[],
  lang: Lang,
): { proxy?: ProxyServer; notes: string[] } {
  if (!settings) return { notes: [] }
  const used: ProxyServer[] = []
  const bypassed: string[] = []
  for (const p of plan) {
    const url = new URL(p.url)
    const scheme = url.protocol === 'wss:' ? 'wss' : 'https'
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    const server = proxyFor(settings, scheme, host, url.port ? Number(url.port) : 443)
    if (server && !used.includes(server)) used.push(server)
    if (!server && settings[scheme] && !bypassed.includes(host)) bypassed.push(host)
  }
  const T = CLI_TEXT
  const notes = used.map((s) => {
    const creds = s.hasCredentials ? T.withCredentials[lang] : ''
    return fill(T.throughProxy[lang], { proxy: String(s), source: s.source, creds })
  })
  if (bypassed.length > 0) {
    const from = settings.noProxySource ?? 'NO_PROXY'
    notes.push(fill(T.bypassed[lang], { from, hosts: bypassed.join(T.hostSep[lang]) }))
  }
  return { ...(used[0] ? { proxy: used[0] } : {}), notes }
}

function progressBar(p: RunProgress): string {
  const width = 24
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width)
  return `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total}  ✗ ${p.fail}  ! ${p.warn} `
}

export async function cmdProbe(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    sdk: { type: 'string' },
    only: { type: 'string', multiple: true },
    timeout: { type: 'string' },
    deadline: { type: 'string' },
    'concurrency-http': { type: 'string' },
    'concurrency-socket': { type: 'string' },
    resolve: { type: 'string', multiple: true },
    'connect-to': { type: 'string', multiple: true },
    cacert: { type: 'string' },
    proxy: { type: 'string' },
    noproxy: { type: 'string' },
    json: { type: 'boolean' },
    markdown: { type: 'boolean' },
    out: { type: 'string' },
    lang: { type: 'string' },
    'exit-zero': { type: 'boolean' },
    send: { type: 'string' },
    'app-key': { type: 'string' },
    ...CATALOG_OPTIONS,
  })
  const lang = parseLang(values.lang)
  // Where the report goes is checked first: a bad --out must not cost a whole run.
  const inputs = [values.catalog, values.cacert].map((v) => (typeof v === 'string' ? v : undefined))
  const outFile = values.out !== undefined ? checkOutFile(values.out, inputs) : undefined
  if (values.json && values.markdown) throw new UsageError('--json and --markdown cannot be used together')
  // --send: checked before the run, like --out; node/collect/send.ts uses Node's fetch only.
  const send =
    values.send !== undefined
      ? { target: sendTarget(String(values.send)), key: appKeyFrom(values['app-key'], io.env) }
      : undefined
  if (!send && values['app-key'] !== undefined)
    throw new UsageError('--app-key goes with --send <collector-url>')
  const choice = catalogChoice(values, lang)
  const res = resolveDomains(requireString(values, 'sdk'), choice.catalog)
  if (!res.ok) throw new UsageError(formatResolveMessage(res.error, lang))
  let only: Category[] | undefined
  if (values.only !== undefined) {
    // Repeated --only lists are merged: `--only socket --only request` is `--only socket,request`.
    const parsed = parseCategoryList(asList(values.only).join(','))
    if (!parsed.ok) throw new UsageError(`--only: ${parsed.error}`)
    only = parsed.categories
  }
  const timeoutMs = positiveInt(values.timeout, 'timeout', DEFAULT_ENGINE_OPTIONS.timeoutMs, 600_000)
  const deadlineMs = positiveInt(
    values.deadline,
    'deadline',
    Math.max(DEFAULT_ENGINE_OPTIONS.deadlineMs, timeoutMs * 2),
  )
  const concurrency = {
    http: positiveInt(
      values['concurrency-http'],
      'concurrency-http',
      DEFAULT_ENGINE_OPTIONS.concurrency.http,
      10,
    ),
    socket: positiveInt(
      values['concurrency-socket'],
      'concurrency-socket',
      DEFAULT_ENGINE_OPTIONS.concurrency.socket,
      5,
    ),
  }
  const resolve = parseSpecs(asList(values.resolve), parseResolve)
  const connectTo = parseSpecs(asList(values['connect-to']), parseConnectTo)
  let ca: { file: string; pem: string } | undefined
  if (values.cacert !== undefined) {
    const file = requireString(values, 'cacert')
    try {
      ca = { file, pem: readCaFile(file) }
    } catch (e) {
      throw new UsageError(`--cacert ${file}: ${(e as Error).message}`)
    }
  }

  let proxySettings: ProxySettings | undefined
  try {
    proxySettings = proxySettingsFrom(io.env, {
      ...(typeof values.proxy === 'string' ? { proxy: values.proxy } : {}),
      ...(typeof values.noproxy === 'string' ? { noproxy: values.noproxy } : {}),
    })
  } catch (e) {
    throw new UsageError((e as Error).message)
  }

  const environment = nodeEnvironment()
  const enforcement = whitelistEnforcement(environment)
  const plan = planProbes(withExtras(res.entries, choice.extras), only)
  const proxied = proxyUse(proxySettings, plan, lang)
  const adapter = createNodeAdapter({
    resolve,
    connectTo,
    ...(ca ? { ca: ca.pem } : {}),
    ...(proxySettings ? { proxy: proxySettings } : {}),
  })
  // The CLI is never inside WeChat: results are about reachability, said once in the report, not per row.
  const engine = new ProbeEngine(plan, adapter, { timeoutMs, deadlineMs, concurrency })
  // Progress goes to stderr whenever stderr is a terminal, as curl's meter does: also with the report going to
  // a file (`> out.txt`, --out) or as --json.
  const showProgress = io.errIsTTY
  const progress = io.progress ?? io.err
  if (showProgress) engine.on('progress', (p) => progress(progressBar(p)))
  // Ctrl-C (or SIGTERM): the probes still running are cancelled, the partial report is written, exit 130 (128 +
  // SIGINT) or 143 as shells and curl do; a second signal ends at once.
  let interrupted: StopSignal | undefined
  const signals = Object.keys(STOP_SIGNALS) as StopSignal[]
  const again = (signal: StopSignal) => process.exit(STOP_SIGNALS[signal])
  const onSignal = (signal: StopSignal) => {
    interrupted = signal
    for (const s of signals) {
      process.removeListener(s, onSignal)
      process.once(s, again)
    }
    engine.cancel()
  }
  for (const s of signals) process.on(s, onSignal)
  let results: ProbeResult[]
  try {
    const run = engine.start()
    // The first connections are opening: Node connects them in ticks it queued, which run before this one.
    await new Promise<void>((resolve) => process.nextTick(resolve))
    // Node reads process.stderr whenever it closes a socket (net.Socket#_destroy compares the socket with it), so
    // the first probe to end would create that stream (~2-3 ms: a pipe's socket, a terminal's tty) while the
    // rest of its wave is answering. Created now, as the first wave's connections are under way.
    void process.stderr
    if (ca) {
      // So is --cacert's check: its certificates are parsed by OpenSSL after the first SYNs left rather than
      // before: node:crypto is ~2.6 ms of a start (node:tls loads it anyway, later). The check is the same, and a
      // refusal still comes before any TLS byte: a handshake starts on a connection's 'connect' event, which no
      // tick precedes; the connections are closed and nothing is reported.
      const bad = certificateProblem(ca.pem)
      if (bad) {
        engine.cancel()
        await run
        throw new UsageError(`--cacert ${ca.file}: ${bad}`)
      }
    }
    results = await run
  } finally {
    for (const s of signals) {
      process.removeListener(s, onSignal)
      process.removeListener(s, again)
    }
    if (showProgress) progress('\r\x1b[K')
  }
  const warnings = [...res.notices, ...res.warnings].map((m) => formatResolveMessage(m, lang))
  warnings.push(...proxied.notes)
  warnings.push(describeEnforcement(enforcement, lang))
  const report = buildReport({
    createdAt: new Date(),
    sdk: { input: res.input, resolved: res.resolved },
    catalog: choice.info,
    environment,
    enforcement,
    ...(proxied.proxy ? { proxy: proxied.proxy.toJSON() } : {}),
    options: { timeoutMs, deadlineMs, concurrency, ...(only ? { only } : {}) },
    results,
    warnings,
  })
  const text = values.json
    ? renderJson(report)
    : values.markdown
      ? renderMarkdown(report, lang) + adviceMarkdown(adviceFor(report, lang))
      : renderProbeTable(report, lang)
  if (outFile !== undefined && outFile !== STDOUT) {
    writeOut(outFile, text, io.out)
    io.err(`${verdict(report.results, lang, undefined, report.environment)}\nreport written to ${outFile}\n`)
  } else {
    io.out(text)
  }
  const sent = send ? await sendReport(send.target, send.key, report) : undefined
  if (sent) io.err(`${sent.line}\n`)
  if (interrupted) return STOP_SIGNALS[interrupted]
  if (sent && !sent.ok) return 1
  if (values['exit-zero']) return 0
  return report.summary.fail + report.summary.skipped > 0 ? 1 : 0
}
