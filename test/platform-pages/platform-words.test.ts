/**
 * Issue 31: each package carries its own platform's words. The WeChat npm package (`npm run build:dist`) and the
 * WeChat build (`npm run build -- --platform wechat`) hold none of the other platforms' names, consoles, the
 * panel's other-platform wordings or Alipay's one-list label (store/platform-words.ts resolves to
 * store/platform-words.wechat.ts there: tools/platforms/words.js); each other platform's build holds its own
 * and no other's (store/platform-tables.ts becomes its own entries alone). The strings are read from core/text, so a changed wording is still looked for.
 */
import { transformSync } from 'esbuild'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ALIPAY_LIST_LABEL,
  NOT_WHITELISTED_ON,
  PLATFORM_CONSOLES,
  PLATFORM_NAMES,
  PLATFORM_WORDS,
} from '../../miniprogram/core/text'
import { PLATFORM_IDS, PlatformId } from '../../miniprogram/core/vocabulary'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildDist } = require('../../tools/build-dist.js') as { buildDist: (out: string) => Promise<unknown> }
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildPlatform } = require('../../tools/build-platform.js') as {
  buildPlatform: (p: PlatformId, out: string) => Promise<string[]>
}

const OTHERS = PLATFORM_IDS.filter((p) => p !== 'wechat')
const root = mkdtempSync(join(tmpdir(), 'zim-words-'))
const built: Record<string, string> = {}

/** A script without its comments (the platform builds keep the sources' comments, which name every platform). */
const code = (js: string): string =>
  transformSync(js, { loader: 'js', minifyWhitespace: true, charset: 'utf8', legalComments: 'none' }).code

/** Every JS file under dir, without comments, concatenated. */
function scripts(dir: string): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((p) =>
      statSync(p).isDirectory() ? scripts(p) : p.endsWith('.js') ? code(readFileSync(p, 'utf8')) : '',
    )
    .join('\n')
}

/** A platform's own words: its names and console in both languages (QQ's name, two letters, is too common). */
const wordsOf = (p: PlatformId): string[] =>
  [PLATFORM_CONSOLES[p].zh, PLATFORM_CONSOLES[p].en, PLATFORM_NAMES[p].zh, PLATFORM_NAMES[p].en].filter(
    (w) => w !== 'QQ',
  )

beforeAll(async () => {
  await buildDist(join(root, 'npm'))
  built.npm = scripts(join(root, 'npm'))
  for (const p of PLATFORM_IDS) {
    await buildPlatform(p, join(root, p))
    built[p] = scripts(join(root, p))
  }
}, 180_000)
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe.each(['npm', 'wechat'])('the WeChat %s build', (which) => {
  it("holds WeChat's name and none of the other platforms' names or consoles", () => {
    const js = built[which]
    expect(js).toContain(PLATFORM_NAMES.wechat.zh)
    const found = OTHERS.flatMap(wordsOf).filter((w) => js.includes(w))
    expect(found).toEqual([])
  })

  it("holds none of the panel's other-platform wordings or Alipay's one-list label", () => {
    const js = built[which]
    const others = [
      PLATFORM_WORDS.envWechat.zh,
      PLATFORM_WORDS.whitelistHint.zh,
      NOT_WHITELISTED_ON.zh,
      NOT_WHITELISTED_ON.en,
      ALIPAY_LIST_LABEL.zh,
      ALIPAY_LIST_LABEL.en,
    ]
    expect(others.filter((w) => js.includes(w))).toEqual([])
  })
})

describe.each(OTHERS)('the %s build', (p) => {
  it('still holds its own name and console, and the other-platform wordings', () => {
    const js = built[p]
    expect(wordsOf(p).filter((w) => !js.includes(w))).toEqual([])
    expect(js).toContain(PLATFORM_WORDS.envWechat.zh)
    expect(js).toContain(NOT_WHITELISTED_ON.zh)
  })

  it("holds none of the other platforms' names or consoles", () => {
    const js = built[p]
    const found = OTHERS.filter((q) => q !== p)
      .flatMap(wordsOf)
      .filter((w) => js.includes(w))
    expect(found).toEqual([])
  })
})

it("the Alipay build keeps Alipay's one list, and no other build has it", () => {
  expect(built.alipay).toContain(ALIPAY_LIST_LABEL.zh)
  expect(OTHERS.filter((p) => p !== 'alipay' && built[p].includes(ALIPAY_LIST_LABEL.zh))).toEqual([])
})
