import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { renderJson, renderText, Report } from '../../miniprogram/core/report'
import { encodeShare } from '../../miniprogram/core/share'
import { EMBED_CLOSE, EMBED_OPEN } from '../../web/viewer/embed'
import { LIMITS } from '../../web/viewer/intake'
import { BIN, runCli } from '../helpers/cli'
import { engineReport, ENVS, hostile, notWhitelisted } from '../helpers/engine-reports'

let dir: string
let a: Report
let b: Report

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zim-view-'))
  a = await engineReport(notWhitelisted, ENVS.ios, { sdk: '2.12.0' })
  b = await engineReport(hostile, ENVS.android, { warnings: ['</script><script>alert(1)</script>'] })
  writeFileSync(join(dir, 'a.json'), renderJson(a))
  writeFileSync(join(dir, 'b.json'), renderJson(b))
  writeFileSync(join(dir, 'bad.json'), '{"schema":')
  writeFileSync(join(dir, 'empty.json'), '')
  writeFileSync(join(dir, 'huge.json'), ' '.repeat(LIMITS.fileBytes + 1))
  mkdirSync(join(dir, 'folder'))
  writeFileSync(join(dir, 'folder', 'one.json'), renderJson(a))
  writeFileSync(join(dir, 'folder', 'two.txt'), renderText(b, 'zh'))
  writeFileSync(join(dir, 'folder', 'skip.md'), 'not read')
})

/** The inputs embedded in a written page. */
function embedded(file: string): { name: string; text: string }[] {
  const html = readFileSync(file, 'utf8')
  const start = html.indexOf(EMBED_OPEN) + EMBED_OPEN.length
  const data = html.slice(start, html.indexOf(EMBED_CLOSE, start))
  expect(data).not.toMatch(/</)
  return JSON.parse(data).items
}

describe('netcheck view', () => {
  it('embeds files, links and copied text; prints where it wrote', () => {
    const out = join(dir, 'v.html')
    const link = encodeShare(a).path
    const r = runCli([
      'view',
      join(dir, 'a.json'),
      join(dir, 'b.json'),
      link,
      encodeURIComponent(link),
      '--out',
      out,
    ])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe(out)
    expect(r.stdout).toContain('4 report(s) embedded')
    const items = embedded(out)
    expect(items.map((i) => i.name)).toEqual([
      'a.json',
      'b.json',
      link.slice(0, 37) + '…',
      expect.any(String),
    ])
    expect(JSON.parse(items[0].text)).toEqual(a)
    expect(JSON.parse(items[1].text)).toEqual(b)
    expect(items[2].text).toBe(link)
  })

  it('reads a folder (its .json and .txt files) and links one per line on stdin', () => {
    const out = join(dir, 'folder.html')
    expect(runCli(['view', join(dir, 'folder'), '--out', out]).status).toBe(0)
    expect(embedded(out).map((i) => i.name)).toEqual(['one.json', 'two.txt'])
    const links = `${encodeShare(a).path}\n${encodeShare(b).payload}\n`
    const piped = runCli(['view', '-', '--out', out], links)
    expect(piped.status).toBe(0)
    expect(embedded(out).map((i) => i.name)).toEqual(['stdin 1', 'stdin 2'])
  })

  it('writes ./zim-netcheck-viewer.html by default and opens nothing', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'zim-view-cwd-'))
    const r = spawnSync(process.execPath, [BIN, 'view', join(dir, 'a.json')], { cwd, encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe('zim-netcheck-viewer.html')
    expect(embedded(join(cwd, 'zim-netcheck-viewer.html'))).toHaveLength(1)
  })

  it.each([
    [['missing.json'], /file ".*missing\.json": file not found/],
    [['bad.json'], /file ".*bad\.json": not valid JSON/],
    [['empty.json'], /empty file/],
    [['huge.json'], /too large/],
    [['a.json', 'z1.AAAA'], /^zim-netcheck view: link: share link unreadable/],
    [['a.json', '--out', '/nonexistent-dir/x.html'], /--out .*does not exist/],
    [['--frobnicate'], /unknown option --frobnicate/],
    [['-', '-'], /stdin\) can be given once/],
  ])('%j: exit 2 with one line', (args, message) => {
    const r = runCli([
      'view',
      ...args.map((x) => (/^[a-z]+\.json$/.test(x) ? join(dir, x) : x)),
      ...(args.includes('--out') ? [] : ['--out', join(dir, 'x.html')]),
    ])
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(message)
  })

  it('is in --help', () => {
    expect(runCli(['--help']).stdout).toMatch(/view <report\.json .*--out <file>/)
  })
})
