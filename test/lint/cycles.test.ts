import { spawnSync } from 'node:child_process'
import * as path from 'node:path'

// Issue 35: no import circles (eslint-plugin-import-x's no-cycle) and no source file over 400 lines
// (max-lines), both in eslint.config.mjs, checked on code given on stdin as if it were a file of the tree.
const ROOT = path.join(__dirname, '..', '..')
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js')

function lint(file: string, code: string, rule: string): string[] {
  const r = spawnSync(process.execPath, [ESLINT, '--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  })
  const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string | null; message: string }[] }[]
  return result.messages.filter((m) => m.ruleId === rule).map((m) => m.message)
}

const lines = (n: number) =>
  Array.from({ length: n }, (_, i) => `export const x${i} = ${i}`).join('\n') + '\n'

jest.setTimeout(60_000)

describe('no import circles (npm run lint:eslint)', () => {
  it.each([
    // core/result.ts imports core/vocabulary.ts: vocabulary importing result back closes a circle.
    ['a direct circle', 'miniprogram/core/vocabulary.ts', "import { ProbeResult } from './result'"],
    // classifier → text → vocabulary: the circle goes through files in between.
    [
      'a circle through other files',
      'miniprogram/core/vocabulary.ts',
      "import { classify } from './classifier'",
    ],
    // store/rows.ts imports store/words.ts.
    ['a circle in the store', 'miniprogram/store/words.ts', "import { buildGroups } from './rows'"],
    // node/proxy-settings.ts imports node/no-proxy.ts.
    ['a circle in the CLI', 'node/no-proxy.ts', "import { parseProxyUrl } from './proxy-settings'"],
  ])('%s is refused: %s with %s', (_what, file, code) => {
    const messages = lint(
      file,
      `${code}\nexport const use = [${code.match(/\{ (\w+) \}/)?.[1]}]\n`,
      'import-x/no-cycle',
    )
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(/Dependency cycle/)
  })

  it.each([
    // Erased by tsc: no load order, no circle (core/text.ts ↔ core/proxy.ts was one such pair).
    [
      'a type-only import back',
      'miniprogram/core/vocabulary.ts',
      "import type { ProbeResult } from './result'",
    ],
    [
      'every name marked type',
      'miniprogram/core/vocabulary.ts',
      "import { type ProbeResult } from './result'",
    ],
    // The same import from a file that nothing in the chain imports.
    [
      'the same import from outside the circle',
      'miniprogram/core/x.ts',
      "import { classify } from './classifier'",
    ],
  ])('%s is allowed: %s with %s', (_what, file, code) => {
    expect(lint(file, `${code}\n`, 'import-x/no-cycle')).toEqual([])
  })
})

describe('one job per file: max-lines 400 (npm run lint:eslint)', () => {
  it.each(['miniprogram/store/x.ts', 'node/x.ts'])('%s of 401 lines is refused, of 400 allowed', (file) => {
    const refused = lint(file, lines(401), 'max-lines')
    expect(refused).toHaveLength(1)
    expect(refused[0]).toContain('Maximum allowed is 400')
    expect(lint(file, lines(400), 'max-lines')).toEqual([])
  })

  it('every line counts: blank lines and comments too', () => {
    const code = `${lines(200)}${'\n'.repeat(100)}${'// a comment\n'.repeat(101)}`
    expect(lint('miniprogram/store/x.ts', code, 'max-lines')).toHaveLength(1)
  })

  it('tests are not held to it; every source folder is, the engine included', () => {
    expect(lint('test/store/x.test.ts', lines(401), 'max-lines')).toEqual([])
    for (const f of ['miniprogram/core/engine.ts', 'node/probe/call.ts', 'web/viewer/app.tsx', 'tools/x.ts'])
      expect(lint(f, lines(401), 'max-lines')).toHaveLength(1)
  })
})
