import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { CATALOG_MAX_ROWS } from '../../miniprogram/core/catalog-json'
import { MESSAGE_CHARS } from '../../miniprogram/core/classifier'
import { IMPORT_LIMITS } from '../../node/catalog-import'
import { markupDepth } from '../../node/catalog-tables'
import { eachLine } from '../../node/io'
import { BIN, cliEnv, runCli } from '../helpers/cli'
import { VENDORED_SEED as SEED } from '../helpers/seed'
import { importError, mustImport } from '../helpers/tables'

// Issue 30, item 10 as a class: every input of every command is bounded early, with a message naming it, never a
// stack overflow, a minute of parsing or memory in proportion to what was piped in.

let dir: string
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'zim-limits-'))))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A file of `bytes` bytes that takes no disk (sparse): only its size is ever looked at. */
function sized(name: string, bytes: number): string {
  const file = join(dir, name)
  writeFileSync(file, '')
  truncateSync(file, bytes)
  return file
}

const MiB = 1024 * 1024

describe('a file larger than a command reads is refused by its size, before it is read', () => {
  it.each([
    [
      ['catalog', 'import', 'page.html'],
      IMPORT_LIMITS.pageBytes,
      'docs page "#": too large (8.5 MiB; a docs page is at most 8.0 MiB)',
    ],
    [
      ['domains', '--sdk', '2.13.0', '--catalog', 'c.json'],
      4 * MiB,
      '--catalog #: too large (4.5 MiB; a catalog is at most 4.0 MiB)',
    ],
    [
      ['probe', '--sdk', '2.13.0', '--cacert', 'ca.pem'],
      8 * MiB,
      '--cacert #: too large (8.5 MiB; a CA file is at most 8.0 MiB)',
    ],
  ])('%j', (args, limit, message) => {
    const name = args.find((a) => /\.(html|json|pem)$/.test(a)) as string
    const file = sized(name, limit + MiB / 2)
    const r = runCli(args.map((a) => (a === name ? file : a)))
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(message.replace('#', file))
    expect(r.stderr).not.toMatch(/at \w+ \(|internal error/)
  })
})

describe('stdin larger than a command reads is refused once that much has come', () => {
  it.each([
    [
      ['catalog', 'import', '-'],
      IMPORT_LIMITS.pageBytes,
      'docs page "stdin": too large (a docs page is at most 8.0 MiB)',
    ],
    [['report', '-'], 4 * MiB, 'file "stdin": too large (a report is at most 4.0 MiB)'],
    [['view', '-', '--out', '-'], 4 * MiB, 'too large'],
    [
      ['whitelist', '--sdk', '2.13.0', '--diff', '-'],
      MiB,
      '--diff file "stdin": too large (a whitelist is at most 1.0 MiB)',
    ],
  ])('%j', (args, limit, message) => {
    const r = runCli(args, 'a'.repeat(limit + 1))
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(message)
    expect(r.stderr).not.toMatch(/at \w+ \(|internal error/)
  })
})

describe('catalog import: pages no docs page is like', () => {
  const deep = (tag: string, n: number) => `<html><body>${`<${tag}>`.repeat(n)}x</body></html>`

  it('markup nested thousands deep is refused before parse5 spends seconds on it', () => {
    // 100,000 nested <div> took parse5 ~52 s, then overflowed the stack.
    for (const page of [deep('div', 100_000), deep('ul><li', 20_000), deep('b><i><u><em><font', 5_000)])
      expect(importError(page)).toBe(
        `markup nested deeper than ${IMPORT_LIMITS.depth} elements, where a docs page is a few dozen deep: not a docs page`,
      )
  })

  it('the depth estimate counts what nests, not what closes itself, comments or raw text', () => {
    expect(markupDepth('<div><div><p>a<p>b<br><img src=x><li>c</div></div>', 1000)).toBe(2)
    expect(markupDepth('<table><tr><td>a<td>b<tr><td>c</table>'.repeat(500), 1000)).toBe(1)
    expect(
      markupDepth(`<!-- ${'<div>'.repeat(900)} --><script>${'<div>'.repeat(900)}</script><span><b>`, 1000),
    ).toBe(2)
    expect(markupDepth('<div>'.repeat(2000), 600)).toBe(600)
    // A `<` with no `>` after it (`a<b` in text) is no tag, and costs one step.
    expect(markupDepth('a<b<c<d '.repeat(100_000) + '<div>', 1000)).toBe(1)
  })

  it('tables of more cells than a docs page holds are refused as they are read', () => {
    const html = `<table>${'<tr><td>x</td></tr>'.repeat(150_000)}</table>`
    const md = `| a | b |\n|---|---|\n${'| x | y |\n'.repeat(60_000)}`
    for (const page of [html, md])
      expect(importError(page)).toBe(
        `its tables hold more than ${IMPORT_LIMITS.cells} cells, where a docs page holds a few hundred: not a docs page`,
      )
  })

  it('a domain table longer than a catalog may be is refused, naming both counts', () => {
    const row = (i: number) => `| request 合法域名 | https://h${i}.example.com | 2.0.0 及以上 | 日志上报 |\n`
    const table = (n: number) =>
      `| 分类 | 域名 | 版本 | 描述 |\n|---|---|---|---|\n${Array.from({ length: n }, (_, i) => row(i)).join('')}`
    expect(mustImport(table(CATALOG_MAX_ROWS - 1)).rows).toHaveLength(CATALOG_MAX_ROWS - 1)
    expect(importError(table(CATALOG_MAX_ROWS + 5))).toBe(
      `the table has ${CATALOG_MAX_ROWS + 5} rows; ZEGO's domain table has a few dozen, and a catalog holds at most ${CATALOG_MAX_ROWS}`,
    )
  })
})

describe('classify -: one answer per line, as lines arrive, in constant memory', () => {
  const lines = async (chunks: (string | Buffer)[], maxChars = 10) => {
    const input = new PassThrough()
    const seen: [string, boolean][] = []
    const done = eachLine(input, (text, cut) => seen.push([text, cut]), maxChars)
    for (const c of chunks) input.write(c)
    input.end()
    await done
    return seen
  }

  it('splits on \\n and \\r\\n, keeps a last line without its newline, and passes empty lines on', async () => {
    expect(await lines(['a\r\nb\n', '\nc'])).toEqual([
      ['a', false],
      ['b', false],
      ['', false],
      ['c', false],
    ])
  })

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('超时\n证书')
    expect(
      await lines([bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4, 8), bytes.subarray(8)]),
    ).toEqual([
      ['超时', false],
      ['证书', false],
    ])
  })

  it('keeps a line to maxChars and says it was cut; a line of exactly maxChars (and \\r) is whole', async () => {
    expect(await lines(['0123456789\r\n', '0123456789X\n', '01234', '56789012345', '6789\nok'])).toEqual([
      ['0123456789', false],
      ['0123456789', true],
      ['0123456789', true],
      ['ok', false],
    ])
  })

  it('answers a 12 MB line once, for the characters the classifier reads, marked truncated', () => {
    const r = runCli(['classify', '-'], '请求超时'.repeat(3_000_000) + '\nssl handshake failed\n')
    expect(r.status).toBe(0)
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(out).toHaveLength(2)
    expect(out[0]).toMatchObject({ category: 'timeout', truncated: true })
    expect(out[0].errMsg).toHaveLength(MESSAGE_CHARS)
    expect(out[1]).toEqual(expect.objectContaining({ errMsg: 'ssl handshake failed', category: 'tls' }))
    expect(out[1].truncated).toBeUndefined()
  })

  it('says once, on stderr, when stdin is not UTF-8 (a GBK log), and still answers every line', () => {
    const gbk = Buffer.from([0xc7, 0xeb, 0xc7, 0xf3, 0xb3, 0xac, 0xca, 0xb1]) // 请求超时 in GBK
    const input = Buffer.concat([gbk, Buffer.from('\n'), gbk, Buffer.from('\nrequest:fail timeout\n')])
    const r = spawnSync(process.execPath, [BIN, 'classify', '-'], { input, env: cliEnv(), encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(3)
    expect(r.stderr.match(/not UTF-8/g)).toHaveLength(1)
    expect(r.stderr).toContain('iconv -f GBK -t UTF-8')
  })

  it('answers each line before the next one is written (tail -f log | zim-netcheck classify -)', async () => {
    const child = spawn(process.execPath, [BIN, 'classify', '-'], { env: cliEnv() })
    const answers: string[] = []
    let buffered = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffered += d
      const parts = buffered.split('\n')
      buffered = parts.pop() as string
      answers.push(...parts)
    })
    const answered = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer ${n} while stdin stays open`)), 20_000)
        const check = setInterval(() => {
          if (answers.length < n) return
          clearInterval(check)
          clearTimeout(timer)
          resolve()
        }, 10)
      })
    const exited = new Promise<number | null>((r) => child.on('close', r))
    try {
      child.stdin.write('request:fail timeout\n')
      await answered(1)
      expect(JSON.parse(answers[0])).toMatchObject({ category: 'timeout' })
      child.stdin.write('url not in domain list\n')
      await answered(2)
      expect(JSON.parse(answers[1])).toMatchObject({ category: 'not_whitelisted' })
    } finally {
      child.stdin.end()
    }
    expect(await exited).toBe(0)
    expect(answers).toHaveLength(2)
  })
})

describe('a UTF-8 byte order mark (Windows Notepad writes one) is no part of any input', () => {
  const BOM = '\uFEFF'

  it('--diff JSON, --catalog JSON, and the first line of classify -', () => {
    const whitelist = join(dir, 'bom-whitelist.json')
    writeFileSync(whitelist, `${BOM}{"request": ["https://detaillog-global.zego.im"]}`)
    const diff = runCli(['whitelist', '--sdk', '2.13.0', '--diff', whitelist, '--json'])
    expect(diff.stderr).toBe('')
    expect(diff.status).toBe(1)
    expect(JSON.parse(diff.stdout).diff.missing.length).toBeGreaterThan(0)

    const imported = runCli(['catalog', 'import', '-'], readFileSync(SEED, 'utf8'))
    expect(imported.status).toBe(0)
    const catalog = join(dir, 'bom-catalog.json')
    writeFileSync(catalog, BOM + imported.stdout)
    const domains = runCli(['domains', '--sdk', '2.13.0', '--catalog', catalog, '--json'])
    expect(domains.stderr).toBe('')
    expect(JSON.parse(domains.stdout).domains).toHaveLength(46)

    const classified = runCli(['classify', '-'], `${BOM}request:fail timeout\n`)
    expect(JSON.parse(classified.stdout)).toMatchObject({
      errMsg: 'request:fail timeout',
      category: 'timeout',
    })
  })

  it('eachLine drops it at the start of the stream only', async () => {
    const input = new PassThrough()
    const seen: string[] = []
    const done = eachLine(input, (text) => seen.push(text), 100)
    input.end(Buffer.from(`${BOM}a\n${BOM}b\n`))
    await done
    expect(seen).toEqual(['a', `${BOM}b`])
  })
})
