import { spawnSync } from 'node:child_process'
import * as path from 'node:path'

// The import boundaries of eslint.config.mjs, checked on code given on stdin as if it were a file of a layer.
const ROOT = path.join(__dirname, '..', '..')
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js')

function lint(file: string, code: string, rule = 'no-restricted-imports'): string[] {
  const r = spawnSync(process.execPath, [ESLINT, '--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  })
  const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string | null; message: string }[] }[]
  return result.messages.filter((m) => m.ruleId === rule).map((m) => m.message)
}

jest.setTimeout(60_000)

describe('architecture boundaries (npm run lint:eslint)', () => {
  it.each([
    ['miniprogram/core/x.ts', "import { RunStore } from '../store/run-store'", 'core does not import store/'],
    [
      'miniprogram/core/report/x.ts',
      "import { History } from '../../platform/history'",
      'core does not import platform/',
    ],
    ['miniprogram/core/x.ts', "import { observable } from 'mobx-miniprogram'", 'core holds no state library'],
    ['miniprogram/core/x.ts', "import * as fs from 'node:fs'", 'no Node APIs'],
    [
      'miniprogram/platform/x.ts',
      "import { STRINGS } from '../store/view-model'",
      'platform does not import store/',
    ],
    [
      'miniprogram/store/x.ts',
      "import { createWxAdapter } from '../platform/wx-adapter'",
      'store does not import platform/',
    ],
    ['node/x.ts', "import { RunStore } from '../miniprogram/store/run-store'", 'node does not import store/'],
    [
      'miniprogram/sentinel/x.ts',
      "import { RunStore } from '../store/run-store'",
      'sentinel does not import store/',
    ],
    [
      'miniprogram/sentinel/x.ts',
      "import { observable } from 'mobx-miniprogram'",
      'the sentinel holds no state library',
    ],
    [
      'web/viewer/x.ts',
      "import { History } from '../../miniprogram/platform/history'",
      'web does not import platform/',
    ],
    [
      'web/viewer/views/x.tsx',
      "import { History } from '../../../miniprogram/platform/history'",
      'web does not import platform/',
    ],
  ])('%s: %s is refused', (file, code, message) => {
    const messages = lint(file, `${code}\n`)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toContain(message)
  })

  it.each([
    ['miniprogram/store/x.ts', "import { CATEGORIES } from '../core/vocabulary'"],
    ['miniprogram/platform/x.ts', "import { CATEGORIES } from '../core/vocabulary'"],
    ['miniprogram/sentinel/x.ts', "import { detectPlatform } from '../platform/detect'"],
    ['miniprogram/components/x/index.ts', "import { RunStore } from '../../store/run-store'"],
    ['miniprogram/core/x.ts', "import compare from 'semver/functions/compare'"],
    ['node/x.ts', "import { CATEGORIES } from '../miniprogram/core/vocabulary'"],
  ])('%s: %s is allowed', (file, code) => {
    expect(lint(file, `${code}\n`)).toEqual([])
  })

  // The viewer draws untrusted report text (web/viewer/app.tsx): never as markup.
  it.each([
    [
      'web/viewer/views/x.tsx',
      'export const X = (p: { t: string }) => <div dangerouslySetInnerHTML={{ __html: p.t }} />',
    ],
    ['web/viewer/x.ts', "document.body.innerHTML = '<b>x</b>'"],
    ['web/viewer/x.ts', "document.body.insertAdjacentHTML('beforeend', '<b>x</b>')"],
  ])('%s: %s is refused', (file, code) => {
    const messages = lint(file, `${code}\n`, 'no-restricted-syntax')
    expect(messages).toHaveLength(1)
    expect(messages[0]).toContain('never renders markup from data')
  })

  it('web/viewer/views/x.tsx: text in JSX is allowed', () => {
    expect(
      lint(
        'web/viewer/views/x.tsx',
        'export const X = (p: { t: string }) => <p title={p.t}>{p.t}</p>\n',
        'no-restricted-syntax',
      ),
    ).toEqual([])
  })
})
