import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import * as ts from 'typescript'
import { fill } from '../../miniprogram/core/text'

// Issue 11: one home for UI text. Every sentence a person reads is in core/text.ts's parts (HOMES), written with
// `{name}` placeholders that fill() replaces; the modules that use them hold no Chinese text of their own and no
// `lang === 'zh' ? … : …` pairs. What may still carry Chinese outside the homes is data, each named with why.
// Issue 31 split the one file by who reads it, so a bundle takes only its part (core/text.ts lists them).

const ROOT = join(__dirname, '../../miniprogram')

/** The parts of core/text.ts, each with one of its declarations that must hold Chinese (the scan sees them). */
const HOMES: Record<string, string> = {
  'core/text-base.ts': 'CONSOLE_DOMAINS',
  'core/text-report.ts': 'HINTS',
  'core/text-panel.ts': 'zh',
  'core/text-consoles.ts': 'PLATFORM_CONSOLES',
  'core/text-cli.ts': 'CLI_TEXT',
  'core/text-send.ts': 'SUPPORT_TEXT',
  'core/text-view.ts': 'REPORT_VIEW_TEXT',
}
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/

/** Where Chinese outside text.ts is data, not UI text: file → the declarations that may hold it, and why. */
const DATA: Record<string, Record<string, string>> = {
  'core/catalog-data.ts': {
    BUILT_IN:
      'the built-in table generated from the seed: its source title and ranges as the docs write them',
  },
  'core/share.ts': { DICT_TEXT: "the compression dictionary: phones' real error messages, not text to show" },
  '../node/cli.ts': {
    HELP_HEAD: 'the --help page, one text in both languages, where the CLI is read',
    COMMAND_HELP: "each command's part of the --help page (`<command> --help`), as HELP_HEAD",
  },
  '../node/catalog-gen.ts': {
    BUILT_IN_SOURCE: "the seed table's own title, provenance of the generated catalog",
  },
  '../node/catalog-vocabulary.ts': {
    BOUNDED: "the docs' bounded-range notations the importer reads (`~`, `至`, `到`)",
    OPEN: "the docs' open-range notations the importer reads (`及以上`, `以上`, …)",
    UPTO: "the docs' upper-bound notations the importer reads (`及以下`, …)",
    canonicalRange: 'the one open-range form the importer writes (`2.13.0 及以上`), quoted in its error',
  },
  '../node/catalog-columns.ts': {
    COLUMN_NAMES: "the table's column names, as ZEGO's page writes them",
  },
  '../node/catalog-import.ts': {
    tableRows: "refusals that quote the docs' own terms (合法域名, 接入域名：…) so the user finds the cell",
  },
  'core/platform-whitelists.ts': {
    PLATFORM_WHITELISTS:
      "each platform's console path and rules, facts of the platform unit (docs/platforms.md)",
  },
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })
}

interface Found {
  file: string
  owner: string
  text: string
}

/** String and template literals with Chinese in them, with the top-level declaration that holds each. */
function chineseLiterals(path: string): Found[] {
  const file = relative(ROOT, path)
  const src = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true)
  const out: Found[] = []
  const visit = (node: ts.Node, owner: string) => {
    if (ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node)) {
      if (owner === '' && node.name && ts.isIdentifier(node.name)) owner = node.name.text
    }
    const literal =
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    if (literal && CJK.test(node.text)) out.push({ file, owner, text: node.text })
    // Regular expressions match what platforms say; they are not text to show.
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) return
    ts.forEachChild(node, (c) => visit(c, owner))
  }
  visit(src, '')
  return out
}

/** `x === 'zh' ? … : …` — a sentence pair written where it is used, instead of a `{ zh, en }` entry. */
function zhTernaries(path: string): string[] {
  const src = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true)
  const out: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isConditionalExpression(node)) {
      const c = node.condition
      if (
        ts.isBinaryExpression(c) &&
        c.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken &&
        [c.left, c.right].some((s) => ts.isStringLiteral(s) && (s.text === 'zh' || s.text === 'en'))
      )
        out.push(`${relative(ROOT, path)}: ${node.getText(src).slice(0, 80)}`)
    }
    ts.forEachChild(node, visit)
  }
  visit(src)
  return out
}

// Every layer of the mini-program: the components, pages and npm entries say nothing of their own either.
const layers = ['core', 'store', 'platform', 'components', 'pages', 'package']
  .flatMap((d) => files(join(ROOT, d)))
  .concat(join(ROOT, 'app.ts'))
// The CLI too: its sentences are in text.ts (CLI_TEXT); its --help and the importer's vocabulary are named below.
const NODE = join(__dirname, '../../node')
const cli = files(NODE)

const isHome = (p: string) => relative(ROOT, p).split('\\').join('/') in HOMES
const homeLiterals = () => Object.keys(HOMES).flatMap((f) => chineseLiterals(join(ROOT, f)))

describe('one home for UI text (core/text.ts and its parts)', () => {
  it('the scan sees what it looks for: the homes are full of Chinese literals, each part some', () => {
    expect(homeLiterals().length).toBeGreaterThan(100)
    for (const [file, owner] of Object.entries(HOMES)) {
      const found = chineseLiterals(join(ROOT, file)).some((f) => f.owner === owner)
      expect(`${file}:${found ? owner : '-'}`).toBe(`${file}:${owner}`)
    }
  })

  /** Parts core/text.ts does not re-export: the panel reaches that index, and these are not the panel's. */
  const OWN_IMPORT = ['core/text-view.ts']

  it("core/text.ts re-exports every part but the report page's own and holds no text of its own", () => {
    const barrel = readFileSync(join(ROOT, 'core/text.ts'), 'utf8')
    expect(chineseLiterals(join(ROOT, 'core/text.ts'))).toEqual([])
    const parts = [...barrel.matchAll(/^export \* from '\.\/(text-[a-z]+)'$/gm)].map((m) => `core/${m[1]}.ts`)
    expect(parts.sort()).toEqual(
      Object.keys(HOMES)
        .filter((f) => !OWN_IMPORT.includes(f))
        .sort(),
    )
  })

  it('the parts import only core/vocabulary.ts and text-base.ts, types included: no import circle through the text', () => {
    for (const file of [...Object.keys(HOMES), 'core/text.ts']) {
      const src = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest)
      const from = src.statements
        .filter((s) => ts.isImportDeclaration(s) || (ts.isExportDeclaration(s) && s.moduleSpecifier))
        .map((s) => ((s as ts.ImportDeclaration).moduleSpecifier as ts.StringLiteral).text)
      const allowed = file === 'core/text.ts' ? /^\.\/text-[a-z]+$/ : /^\.\/(?:vocabulary|text-base)$/
      expect([file, from.filter((m) => !allowed.test(m))]).toEqual([file, []])
    }
  })

  it('no Chinese text in miniprogram/ or node/ outside the homes, except the CLI help and data named with a reason', () => {
    const stray = [...layers, ...cli]
      .filter((p) => !isHome(p))
      .flatMap(chineseLiterals)
      .filter((f) => !(DATA[f.file] && f.owner in DATA[f.file]))
      .map((f) => `${f.file} (${f.owner || 'top level'}): ${f.text.slice(0, 60)}`)
    expect(stray).toEqual([])
  })

  it('every data exception still exists (a stale entry would hide a new sentence under its name)', () => {
    for (const [file, owners] of Object.entries(DATA)) {
      const found = new Set(chineseLiterals(join(ROOT, file)).map((f) => f.owner))
      for (const owner of Object.keys(owners))
        expect(`${file}:${found.has(owner) ? owner : '-'}`).toBe(`${file}:${owner}`)
    }
  })

  it('one interpolation style: no zh/en ternaries anywhere in miniprogram/', () => {
    expect([...layers, ...cli].flatMap(zhTernaries)).toEqual([])
  })

  it('every placeholder in the homes is filled by name: no template left with `${`', () => {
    const dollar = homeLiterals().filter((f) => f.text.includes('${'))
    expect(dollar).toEqual([])
  })

  it('fill() replaces every {name}, leaves unknown ones empty and touches nothing else', () => {
    expect(fill('{a} / {b} {{c}}', { a: 1, b: 'x' })).toBe('1 / x {}')
    expect(fill('{n} 项', { n: 0 })).toBe('0 项')
    expect(fill('no placeholders {}', {})).toBe('no placeholders {}')
  })
})
