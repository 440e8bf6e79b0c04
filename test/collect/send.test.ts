import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as duck from '@duckdb/node-api'
import { DuckBackend } from '../../node/collect/duckdb'
import { SERVER_PACKAGES, loadServerPackages } from '../../node/collect/deps'
import { sendTarget } from '../../node/collect/send'
import { runCli, runCliAsync } from '../helpers/cli'
import { KEY, Running, startCollector } from './harness'

// Every ZIM host resolves to loopback, where nothing listens on 443: the run ends at once, nothing leaves.
const PROBE = [
  'probe',
  '--sdk',
  '2.13.0',
  '--only',
  'request',
  '--timeout',
  '500',
  '--resolve',
  '*:443:127.0.0.1',
]

let dir: string
let c: Running
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zim-send-'))
  c = await startCollector(await DuckBackend.open(duck, join(dir, 's.duckdb')))
})
afterAll(async () => {
  await c.close()
  rmSync(dir, { recursive: true, force: true })
})

test('probe --send: the report reaches the collector, one line says so', async () => {
  const r = await runCliAsync([...PROBE, '--json', '--send', c.url, '--app-key', KEY, '--exit-zero'])
  expect(r.status).toBe(0)
  const line = /^report sent to (\S+): id ([0-9a-f]{32})$/m.exec(r.stderr)
  expect(line?.[1]).toBe(`${c.url}/v1/reports`)
  const stored = (await (await c.get(`/v1/reports/${line![2]}`)).json()) as { report: unknown }
  expect(stored.report).toEqual(JSON.parse(r.stdout))
})

test("probe --send with a wrong key: one line with the collector's answer, exit 1", async () => {
  const r = await runCliAsync([...PROBE, '--send', `${c.url}/v1/reports`, '--exit-zero'], 60_000, {
    ...process.env,
    ZIM_APP_KEY: 'not-the-key-1234',
  })
  expect(r.status).toBe(1)
  expect(r.stderr).toContain(`report not sent to ${c.url}/v1/reports: 403 unknown ingest key\n`)
})

test('probe --send: bad URL or no key is refused before the run (exit 2)', () => {
  const env = { ...process.env, ZIM_APP_KEY: '' }
  expect(runCli([...PROBE, '--send', 'ftp://x', '--app-key', 'k'], undefined, 60_000, env).stderr).toMatch(
    /--send takes an http:\/\/ or https:\/\/ URL/,
  )
  const r = runCli([...PROBE, '--send', 'http://127.0.0.1:1'], undefined, 60_000, env)
  expect(r.status).toBe(2)
  expect(r.stderr).toMatch(/--send needs an ingest key: --app-key <key> or ZIM_APP_KEY/)
  expect(runCli([...PROBE, '--app-key', 'k'], undefined, 60_000, env).status).toBe(2)
  expect(sendTarget('http://h:8787/')).toBe('http://h:8787/v1/reports')
  expect(sendTarget('https://h/base/v1/reports/')).toBe('https://h/base/v1/reports')
})

test('collect finds its packages where Node does; else names them in one line (ZIM_COLLECT_INSTALL=none)', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
    dependencies?: object
    devDependencies: Record<string, string>
  }
  // Pinned as the repository tests them; never a dependency of the package (WeChat's 构建 npm would ship them).
  for (const [name, version] of Object.entries(SERVER_PACKAGES))
    expect(pkg.devDependencies[name]).toBe(version)
  expect(pkg.dependencies).toBeUndefined()
  const none = () => {
    throw Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' })
  }
  const notes: string[] = []
  expect(() =>
    loadServerPackages(['fastify', '@duckdb/node-api'], {
      env: { ZIM_COLLECT_INSTALL: 'none', ZIM_COLLECT_DIR: join(dir, 'empty') },
      note: (l) => notes.push(l),
      resolve: none,
    }),
  ).toThrow(
    'collect needs fastify, @duckdb/node-api: run `npm i fastify@5.12.8 @duckdb/node-api@1.5.6-r.1` here',
  )
  expect(notes).toEqual([])
  const found = loadServerPackages(['fastify'], { env: {}, note: (l) => notes.push(l) })
  expect(typeof found.fastify).toBe('function')
})
