import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../helpers/cli'
import { report2130 } from '../helpers/reports'

const dir = mkdtempSync(join(tmpdir(), 'zim-share-'))
const file = join(dir, 'report.json')
writeFileSync(file, JSON.stringify(report2130()))
writeFileSync(join(dir, 'empty.json'), '\n')

describe('netcheck share / report', () => {
  it('share prints the card path; report reads it back to the same report', () => {
    const share = runCli(['share', file])
    expect(share.status).toBe(0)
    const sharePath = share.stdout.trim()
    expect(sharePath).toMatch(/^\/pages\/report\/index\?r=z1\.[A-Za-z0-9_-]+$/)
    const back = runCli(['report', sharePath, '--json'])
    expect(back.status).toBe(0)
    expect(JSON.parse(back.stdout)).toEqual(report2130())
    const md = runCli(['report', file, '--markdown'])
    expect(md.stdout).toContain('# ZIM netcheck — SDK 2.13.0')
    const payload = sharePath.split('?r=')[1]
    expect(runCli(['report', payload, '--text']).stdout).toMatch(/failed/)
  })

  it.each([
    [['report', '/pages/report/index?r=z1.AAAA'], /damaged|cut short|invalid/],
    [['report', 'z9.abc'], /newer|version/],
    [['report'], /takes one argument/],
    [['share', '/nonexistent.json'], /file "\/nonexistent\.json": file not found/],
    [['report', '/nonexistent.json'], /file "\/nonexistent\.json": file not found/],
    [['report', 'reports/run.json'], /file "reports\/run\.json": file not found/],
    [['report', join(dir, 'empty.json')], /: empty file$/m],
    [['report', dir], /is a directory/],
  ])('%j: one clear line, exit 2', (args, message) => {
    const r = runCli(args)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('a file that is not a valid report is refused with the reason', () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ ...report2130(), schema: 'other@1' }))
    const r = runCli(['share', bad])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/"other@1" is not supported/)
  })
})
