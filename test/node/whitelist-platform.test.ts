import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PLATFORM_IDS } from '../../miniprogram/core/platforms'
import { runCli } from '../helpers/cli'

describe('netcheck whitelist --platform', () => {
  it.each([...PLATFORM_IDS])('%s --json: {platform, sdk, lists[{name, entries}], warnings}', (platform) => {
    const r = runCli(['whitelist', '--platform', platform, '--sdk', '2.13.0', '--json'])
    expect(r.status).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.platform).toBe(platform)
    expect(doc.sdk).toEqual({ input: '2.13.0', resolved: '2.13.0' })
    expect(doc.lists.length).toBeGreaterThan(0)
    for (const l of doc.lists) {
      expect(typeof l.name).toBe('string')
      expect(l.entries.length).toBeGreaterThan(0)
    }
    expect(Array.isArray(doc.warnings)).toBe(true)
    expect(doc.lists.map((l: { name: string }) => l.name)).toEqual(
      platform === 'alipay' ? ['server'] : expect.arrayContaining(['socket', 'request']),
    )
  })

  it('text form names the console and the platform rules', () => {
    const r = runCli(['whitelist', '--platform', 'baidu', '--sdk', 'latest'])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/百度 \/ Baidu/)
    expect(r.stdout).toMatch(/no ports, at most 20 per list/)
  })

  it('--diff works per platform (Alipay single list) and exits 1 when something is missing', () => {
    const full = JSON.parse(runCli(['whitelist', '--platform', 'alipay', '--sdk', '2.13.0', '--json']).stdout)
    const hosts: string[] = full.lists[0].entries
    const dir = mkdtempSync(join(tmpdir(), 'wl-'))
    const all = join(dir, 'all.txt')
    writeFileSync(all, `服务器域名白名单:\n${hosts.join('\n')}\n`)
    expect(runCli(['whitelist', '--platform', 'alipay', '--sdk', '2.13.0', '--diff', all]).status).toBe(0)
    const some = join(dir, 'some.json')
    writeFileSync(some, JSON.stringify(hosts.slice(2)))
    const r = runCli(['whitelist', '--platform', 'alipay', '--sdk', '2.13.0', '--diff', some, '--json'])
    expect(r.status).toBe(1)
    expect(JSON.parse(r.stdout).diff.missing).toHaveLength(2)
  })

  it('a wrong platform is one clear line and exit 2', () => {
    const r = runCli(['whitelist', '--platform', 'ks', '--sdk', '2.13.0'])
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/--platform takes one of wechat, alipay, douyin, baidu, qq, xhs/)
  })

  it('without --platform the WeChat output is unchanged (its own format)', () => {
    const doc = JSON.parse(runCli(['whitelist', '--sdk', '2.13.0', '--json']).stdout)
    expect(doc.whitelist).toBeDefined()
    expect(doc.platform).toBeUndefined()
  })
})
