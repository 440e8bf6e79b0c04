#!/usr/bin/env node
'use strict'
/**
 * `npm run build:dist`: the mini-program npm package, `miniprogram_dist/` (package.json `miniprogram`):
 *
 *   netcheck-panel/index.{js,json,wxml,wxss}   the diagnostic UI, on the package's own mobx.js
 *   netcheck-panel-shared/index.{js,…}          the same, on the host's mobx-miniprogram (MOBX_EXPORTS, below)
 *   mobx.js                                     mobx-miniprogram built from its sources, trimmed (MOBX_TRIMMED)
 *   report-view/index.{js,json,wxml,wxss}      the report viewer a host page wraps (share cards open it)
 *   share.js                                    shareCard(report, page) for a host page's onShareAppMessage
 *   sentinel.js                                 createSentinel(…): a budgeted check when ZIM fails to connect
 *   sentinel-lazy.js                            the same sentinel, its check loaded from a subpackage when it runs:
 *                                               one file requiring nothing (LAZY_ENTRY), for a host's main package
 *   common/*.js                                 code the entries share (report model, share codec, strings)
 *
 * Each component's JS is one bundle of our core/store/platform modules (mobx-miniprogram is external: mobx.js);
 * what two entries both need is bundled once into common/ rather
 * than twice. No semver: core/resolver.ts reads versions itself. Then every file is lowered to ES5 by TypeScript
 * (what DevTools' "ES6 转 ES5" would otherwise do, done once here), minified by esbuild with target es5,
 * which stops with an error on any syntax newer than ES5, and again by uglify-js (UGLIFY), whose output esbuild
 * checks the same way. A host's 构建 npm copies the folder as it is; no other npm package of ours reaches its
 * miniprogram_npm.
 */
const { build, transform, transformSync } = require('esbuild')
const UglifyJS = require('uglify-js')
const ts = require('typescript')
const fs = require('node:fs')
const path = require('node:path')
const { wechatWords } = require('./platforms/words')

const root = path.join(__dirname, '..')
const src = path.join(root, 'miniprogram')

const ENTRIES = {
  'netcheck-panel/index': 'components/netcheck-panel/index.ts',
  'report-view/index': 'components/report-view/index.ts',
  share: 'package/share.ts',
  // zim-netcheck/sentinel (issue 33): no UI, no mobx; its own footprint budget (test/budgets).
  sentinel: 'sentinel/index.ts',
}
const COMPONENTS = ['netcheck-panel', 'report-view']
/**
 * zim-netcheck/sentinel-lazy: the sentinel's trigger, bundled apart (no shared chunks), so that a main package
 * holding it holds this one file; its `load` brings sentinel.js's check from the host's subpackage. The two
 * builds shorten the names they share (the check's hooks) alike: the second is given the first's mangleCache.
 */
const LAZY_ENTRY = ['sentinel-lazy', 'sentinel/lazy.ts']

/**
 * mobx-miniprogram is external to the bundle: the panel's code reads it as `require("mobx-miniprogram")`, by its
 * real export names. From that one output two panel components are written:
 *   netcheck-panel/          its require points at the package's own copy, `mobx.js` (MOBX_ENTRY): mobx-miniprogram
 *                            built from its sources without what the panel never uses (MOBX_TRIMMED), lowered and
 *                            minified like the chunks, exporting only MOBX_EXPORTS
 *                            (what the panel imports; the build stops if the panel imports another name);
 *   netcheck-panel-shared/   its require left as it is, so WeChat resolves it to the host's own
 *                            miniprogram_npm/mobx-miniprogram (构建 npm): one mobx in the host's upload, not two.
 *                            SHARED_GUARD stops it at load, in one line, if that module is not mobx ≥ 6.
 */
const MOBX = 'mobx-miniprogram'
const MOBX_EXPORTS = ['action', 'computed', 'makeObservable', 'observable', 'reaction', 'runInAction']
const MOBX_ENTRY = 'zim-netcheck:mobx-entry'
const SHARED_PANEL = 'netcheck-panel-shared'
const SHARED_MESSAGE =
  "zim-netcheck: netcheck-panel-shared 需要宿主自己的 mobx-miniprogram ≥ 6（package.json 依赖 + 构建 npm），否则请改用 netcheck-panel / netcheck-panel-shared needs the host's own mobx-miniprogram >= 6 (a dependency built by 构建 npm); otherwise use netcheck-panel"
const SHARED_GUARD = `var __mobx;try{__mobx=require("${MOBX}")}catch(e){}if(!__mobx||typeof __mobx.makeObservable!=="function")throw new Error(${JSON.stringify(SHARED_MESSAGE)});\n`

const LOWER = {
  target: ts.ScriptTarget.ES5,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  downlevelIteration: true,
  // Helpers (__spreadArray, __awaiter…) come from tslib as imports, so the bundle holds each one once.
  importHelpers: true,
  allowJs: true,
  removeComments: true,
}

/**
 * Our own sources iterate arrays only, so for-of and spread lower to index loops instead of iterator
 * protocol calls wrapped in try/finally (downlevelIteration). `tsc -p tsconfig.json` (target ES5, no
 * downlevelIteration) refuses any for-of or spread over a Map, Set or other iterable in miniprogram/, so this
 * cannot silently skip elements. Dependencies keep full iteration.
 */
// Comments kept until esbuild bundles: it reads `/* @__PURE__ */` (core/platforms.ts PLATFORM_LIMITS) and drops
// every other comment when it minifies.
const LOWER_OURS = { ...LOWER, downlevelIteration: false, removeComments: false }
/** Class fields as assignments in the constructor, as TypeScript emits them for this repository's targets. */
const TS_FIELDS = { compilerOptions: { useDefineForClassFields: false } }

/**
 * Template literals as `'' + a + 'b'` rather than TypeScript's ES5 form `''.concat(a, 'b')`, which is longer
 * at every use. The same string for everything the bundled sources interpolate (strings, numbers, booleans,
 * undefined); the two differ only for objects whose valueOf and toString disagree. Tagged templates are left
 * to TypeScript.
 */
function templatesAsPlus(context) {
  const f = context.factory
  const visit = (node) => {
    if (ts.isTemplateExpression(node)) {
      let sum = f.createStringLiteral(node.head.text)
      for (const span of node.templateSpans) {
        const value = f.createParenthesizedExpression(ts.visitNode(span.expression, visit))
        sum = f.createBinaryExpression(sum, ts.SyntaxKind.PlusToken, value)
        if (span.literal.text) {
          sum = f.createBinaryExpression(
            sum,
            ts.SyntaxKind.PlusToken,
            f.createStringLiteral(span.literal.text),
          )
        }
      }
      return sum
    }
    if (ts.isNoSubstitutionTemplateLiteral(node) && !ts.isTaggedTemplateExpression(node.parent)) {
      return f.createStringLiteral(node.text)
    }
    if (ts.isTaggedTemplateExpression(node)) return node
    return ts.visitEachChild(node, visit, context)
  }
  return (sourceFile) => ts.visitNode(sourceFile, visit)
}

/**
 * TypeScript's ES5 class (`var C = (function () { function C() {…} C.prototype.m = function () {…}; … return C;
 * }())`) names `C.prototype` for every method: here it is read once into a local, `var C_prototype =
 * C.prototype;`, just before the first statement of the class's function that names it (after `__extends`, which
 * sets it), and every later `C.prototype` in that function reads the local (the minifier makes it one letter).
 * Left as it is where the function assigns `C.prototype` itself or names it fewer than three times.
 */
function prototypeOnce(code) {
  const sf = ts.createSourceFile('m.js', code, ts.ScriptTarget.Latest, true)
  const edits = []
  const visit = (n) => {
    if (ts.isFunctionExpression(n) && n.body) {
      const stmts = n.body.statements
      const ctor = stmts.find(ts.isFunctionDeclaration)
      const ret = stmts[stmts.length - 1]
      const name = ctor && ctor.name && ctor.name.text
      if (name && ret && ts.isReturnStatement(ret) && ret.expression && ret.expression.getText(sf) === name) {
        const uses = []
        let assigned = false
        const find = (m) => {
          if (
            ts.isPropertyAccessExpression(m) &&
            m.name.text === 'prototype' &&
            ts.isIdentifier(m.expression) &&
            m.expression.text === name
          ) {
            const p = m.parent
            if (
              ts.isBinaryExpression(p) &&
              p.left === m &&
              p.operatorToken.kind === ts.SyntaxKind.EqualsToken
            )
              assigned = true
            uses.push(m)
          }
          ts.forEachChild(m, find)
        }
        const first = stmts.findIndex((st) => {
          const before = uses.length
          find(st)
          return uses.length > before
        })
        stmts.slice(first + 1).forEach(find)
        if (
          first >= 0 &&
          !assigned &&
          uses.length >= 3 &&
          !new RegExp(`\\b${name}_prototype\\b`).test(code)
        ) {
          edits.push([
            stmts[first].getStart(sf),
            stmts[first].getStart(sf),
            `var ${name}_prototype = ${name}.prototype;\n`,
          ])
          for (const u of uses) edits.push([u.getStart(sf), u.getEnd(), `${name}_prototype`])
        }
      }
    }
    ts.forEachChild(n, visit)
  }
  // An accessor TypeScript defines on a prototype says `enumerable: false`, which a property new to the object
  // has anyway: left out. (`configurable: true` is not a default: kept.)
  const accessors = (n) => {
    if (
      ts.isCallExpression(n) &&
      n.expression.getText(sf) === 'Object.defineProperty' &&
      n.arguments.length === 3 &&
      /(?:\.prototype|_prototype)$/.test(n.arguments[0].getText(sf)) &&
      ts.isObjectLiteralExpression(n.arguments[2])
    ) {
      const props = n.arguments[2].properties
      const i = props.findIndex(
        (p) =>
          p.name &&
          p.name.getText(sf) === 'enumerable' &&
          p.initializer &&
          p.initializer.kind === ts.SyntaxKind.FalseKeyword,
      )
      if (i > 0) edits.push([props[i - 1].getEnd(), props[i].getEnd(), ''])
    }
    ts.forEachChild(n, accessors)
  }
  visit(sf)
  accessors(sf)
  edits.sort((a, b) => b[0] - a[0] || b[1] - a[1])
  for (const [a, b, t] of edits) code = code.slice(0, a) + t + code.slice(b)
  return code
}

/** An esbuild plugin: every module is lowered to ES5 by TypeScript before it is bundled. */
const lowerToEs5 = {
  name: 'lower-to-es5',
  setup(b) {
    b.onLoad({ filter: /\.(ts|js|mjs)$/ }, (args) => {
      if (/[\\/]tslib[\\/]/.test(args.path)) return undefined
      let source = mobxTrimmed(args.path) ?? fs.readFileSync(args.path, 'utf8')
      const ours = !/[\\/]node_modules[\\/]/.test(args.path)
      // Optional chaining and ?? first, by esbuild: `a == null ? void 0 : a.b` is shorter than TypeScript's
      // `a === null || a === void 0 ? void 0 : a.b`. Types are stripped here; class fields stay assignments.
      if (ours)
        source = transformSync(source, { loader: 'ts', target: 'es2019', tsconfigRaw: TS_FIELDS }).code
      // Every output file is strict as a whole ("use strict" heads it): a module's own directive is a repeat.
      else source = source.replace(/^\s*(['"])use strict\1;?/, '')
      const out = ts.transpileModule(source, {
        fileName: ours ? args.path.replace(/\.ts$/, '.js') : args.path,
        compilerOptions: ours ? LOWER_OURS : LOWER,
        transformers: { before: [templatesAsPlus] },
      })
      return { contents: babelProofed(prototypeOnce(out.outputText), HELPERS_MODULE), loader: 'js' }
    })
    b.onResolve({ filter: new RegExp(`^${HELPERS_MODULE}$`) }, () => ({
      path: HELPERS_MODULE,
      namespace: 'zim',
    }))
    b.onResolve({ filter: new RegExp(`^${MOBX_ENTRY}$`) }, () => ({ path: MOBX_ENTRY, namespace: 'zim' }))
    // mobx's helpers from a tslib module of their own (the same helpers, tslib's other file): shared with ours,
    // they would land in a chunk that netcheck-panel-shared, which never loads mobx.js, carries too.
    b.onResolve({ filter: /^tslib$/ }, (args) =>
      inMobxSource(args.importer) ? { path: TSLIB_FOR_MOBX } : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'zim' }, (args) => ({
      contents:
        args.path === MOBX_ENTRY
          ? `export { ${MOBX_EXPORTS.join(', ')} } from ${JSON.stringify(MOBX_INTERNAL)}`
          : `export ${TYPEOF_HELPER}export ${ENTRIES_HELPER}`,
      loader: 'js',
      resolveDir: root,
    }))
  },
}

/**
 * WeChat's upload compiler, with 「ES6 转 ES5」 on, runs Babel over the package's files even though they are ES5
 * already, and for three patterns it requires a helper that it writes to `@babel/runtime/helpers/` at the root of
 * the app, which is the main package, whatever package the file is in:
 *   - `typeof x` anywhere but compared with a string literal other than "object" / "symbol" (typeof.js);
 *   - `.includes` on an identifier or an array literal (Arrayincludes.js, a polyfill);
 *   - `Object.entries` / `Object.values` (Objectentries.js, Objectvalues.js).
 * So that a host keeping the panel in a subpackage pays the main package nothing (test/host-app), the chunks say
 * the same without them: `__typeOf(x)` (below, made of the comparisons Babel leaves alone), `a.indexOf(b) !== -1`
 * (the same answer for the strings and arrays of strings and numbers we search; NaN is never searched for), and
 * `__entries(o)`. The build stops on a form it does not rewrite (a bare `Object.entries` or `.includes` reference).
 */
const TYPEOF_HELPER =
  'function __typeOf(v) { return v === null ? "object" : typeof v === "function" ? "function" : typeof v === "string" ? "string" : typeof v === "number" ? "number" : typeof v === "boolean" ? "boolean" : typeof v === "undefined" ? "undefined" : typeof v === "bigint" ? "bigint" : Object(v) === v ? "object" : "symbol" }\n'
const ENTRIES_HELPER =
  'function __entries(o) { var k = Object.keys(o), r = []; for (var i = 0; i < k.length; i++) r.push([k[i], o[k[i]]]); return r }\n'

function babelProof(code) {
  const sf = ts.createSourceFile('chunk.js', code, ts.ScriptTarget.Latest, true)
  const declared = new Set()
  const collect = (n) => {
    if (
      (ts.isVariableDeclaration(n) ||
        ts.isFunctionDeclaration(n) ||
        ts.isFunctionExpression(n) ||
        ts.isClassDeclaration(n) ||
        ts.isClassExpression(n) ||
        ts.isParameter(n) ||
        ts.isImportSpecifier(n) ||
        ts.isImportClause(n) ||
        ts.isNamespaceImport(n) ||
        ts.isBindingElement(n)) &&
      n.name &&
      ts.isIdentifier(n.name)
    )
      declared.add(n.name.text)
    ts.forEachChild(n, collect)
  }
  collect(sf)
  const edits = []
  let typeOf = false
  let entries = false
  const text = (n) => code.slice(n.getStart(sf), n.getEnd())
  const left = (n, why) => {
    throw new Error(`build:dist: ${why} left in a chunk (${text(n).slice(0, 60)}); see babelProof`)
  }
  const visit = (n) => {
    if (ts.isTypeOfExpression(n)) {
      const p = n.parent
      const other = p && ts.isBinaryExpression(p) ? (p.left === n ? p.right : p.left) : undefined
      const eq =
        other &&
        [
          ts.SyntaxKind.EqualsEqualsToken,
          ts.SyntaxKind.EqualsEqualsEqualsToken,
          ts.SyntaxKind.ExclamationEqualsToken,
          ts.SyntaxKind.ExclamationEqualsEqualsToken,
        ].includes(p.operatorToken.kind)
      const kept = eq && ts.isStringLiteral(other) && other.text !== 'object' && other.text !== 'symbol'
      if (!kept) {
        typeOf = true
        const e = n.expression
        const arg = text(e)
        // A global that may not exist: `typeof` alone does not throw on it, a call would.
        const free = ts.isIdentifier(e) && !declared.has(e.text)
        const call = `__typeOf(${arg})`
        edits.push([
          n.getStart(sf),
          n.getEnd(),
          free ? `(typeof ${arg} === "undefined" ? "undefined" : ${call})` : call,
        ])
        return
      }
    }
    if (ts.isPropertyAccessExpression(n) && n.name.text === 'includes') {
      const call =
        n.parent && ts.isCallExpression(n.parent) && n.parent.expression === n ? n.parent : undefined
      if (!call) left(n, 'a bare .includes reference')
      visit(n.expression)
      call.arguments.forEach(visit)
      const args = call.arguments.map(text).join(', ')
      edits.push([call.getStart(sf), call.getEnd(), `(${text(n.expression)}.indexOf(${args}) !== -1)`])
      return
    }
    if (
      ts.isPropertyAccessExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === 'Object' &&
      (n.name.text === 'entries' || n.name.text === 'values')
    ) {
      const call =
        n.parent && ts.isCallExpression(n.parent) && n.parent.expression === n ? n.parent : undefined
      if (!call || n.name.text !== 'entries' || call.arguments.length !== 1) left(n, `Object.${n.name.text}`)
      entries = true
      visit(call.arguments[0])
      edits.push([call.getStart(sf), call.getEnd(), `__entries(${text(call.arguments[0])})`])
      return
    }
    ts.forEachChild(n, visit)
  }
  visit(sf)
  return { edits, typeOf, entries }
}

/**
 * mobx.js is built from mobx-miniprogram's own sources (the package ships `src/`), as its production build is:
 * `__DEV__` false, so no development checks or messages. Built from source, the bundle drops what the panel never
 * reaches; from the published single-file build it could not, since `observable` itself names every kind.
 */
const MOBX_SOURCE = path.dirname(require.resolve('mobx-miniprogram/src/internal.ts', { paths: [root] }))
const MOBX_INTERNAL = path.join(MOBX_SOURCE, 'internal.ts')
const TSLIB_FOR_MOBX = require.resolve('tslib/tslib.es6.js', { paths: [root] })

/**
 * Four parts of mobx the panel never uses, each replaced by the same exports that stop with a one-line error
 * naming what is missing (mobx's own `die`, "[MobX] …"). Nothing outside the panel can reach this copy: only
 * netcheck-panel requires ../mobx.js, it exports MOBX_EXPORTS alone, and no `configure` is exported (so arrays
 * always use Proxy, mobx 6's default). The store's state holds plain objects and arrays, never a Map, a Set or
 * a generator (test/host-app/mobx-trim.test.ts runs the compiled copy). 7.1 KB of 44.0 (issue 31).
 *   - observable Map and Set (`observable.map/set`, or a Map/Set put in deep observable state);
 *   - flow (generator actions, or a generator put in deep observable state);
 *   - arrays without Proxy (only `configure({ useProxies: "never" })` or `{ proxy: false }` asks for them).
 */
const MOBX_ABSENT = (what) =>
  `die(${JSON.stringify(`zim-netcheck's mobx.js has no ${what} (the panel uses none)`)})`
const MOBX_TRIMMED = {
  'types/observablemap.ts': `import { die } from "../errors"
export const ADD = "add"
export const DELETE = "delete"
export class ObservableMap { constructor() { ${MOBX_ABSENT('observable Map')} } }
export function isObservableMap(_thing: any): boolean { return false }
`,
  'types/observableset.ts': `import { die } from "../errors"
export class ObservableSet { constructor() { ${MOBX_ABSENT('observable Set')} } }
export function isObservableSet(_thing: any): boolean { return false }
`,
  'api/flow.ts': `import { die } from "../errors"
function noFlow(): never { return ${MOBX_ABSENT('flow')} }
export const flow: any = Object.assign(noFlow, { bound: { make_: noFlow, extend_: noFlow } })
export function isFlow(_fn: any): boolean { return false }
`,
  'types/flowannotation.ts': `import { die } from "../errors"
export function createFlowAnnotation(_name: string, _options?: object): any { return ${MOBX_ABSENT('flow')} }
`,
  'types/legacyobservablearray.ts': `import { die } from "../errors"
export function createLegacyArray(): never { return ${MOBX_ABSENT('arrays without Proxy')} }
export function reserveArrayBuffer(_max: number): void {}
`,
}
/** A module's path under mobx's sources (posix separators), or undefined for a file elsewhere. */
function inMobxSource(file) {
  const rel = path.relative(MOBX_SOURCE, file)
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/')
}
/** The replacement for a module of mobx's sources, if MOBX_TRIMMED has one. */
function mobxTrimmed(file) {
  const rel = inMobxSource(file)
  return rel === undefined ? undefined : MOBX_TRIMMED[rel]
}

/** The module the bundled modules import the helpers from (helpersFrom), so that the output holds each once. */
const HELPERS_MODULE = 'zim-netcheck:babel-proof-helpers'

/**
 * `code` with babelProof's rewrites applied (innermost first) and its helpers appended, or, with `helpersFrom`
 * (a module id), imported from there: each module of the bundle is proofed that way before esbuild bundles it,
 * so the helpers land once in a shared chunk rather than once in every output file; the output files are
 * proofed again for what esbuild's own glue and minifier wrote.
 */
function babelProofed(code, helpersFrom) {
  for (let round = 0; round < 10; round++) {
    const { edits, typeOf, entries } = babelProof(code)
    if (!edits.length) return code
    // Apply only edits that do not contain another edit this round; the next round takes the rest.
    const inner = edits.filter(([a, b]) => !edits.some(([c, d]) => (c !== a || d !== b) && a <= c && d <= b))
    inner.sort((x, y) => y[0] - x[0])
    for (const [a, b, t] of inner) code = code.slice(0, a) + t + code.slice(b)
    if (helpersFrom) {
      const names = [typeOf && '__typeOf', entries && '__entries'].filter(Boolean)
      const missing = names.filter((h) => !new RegExp(`import \\{ ${h} \\}`).test(code))
      code += missing.map((h) => `\nimport { ${h} } from ${JSON.stringify(helpersFrom)};`).join('')
      continue
    }
    if (typeOf && !code.includes('function __typeOf(')) code += '\n' + TYPEOF_HELPER
    if (entries && !code.includes('function __entries(')) code += '\n' + ENTRIES_HELPER
  }
  throw new Error('build:dist: babelProof did not settle')
}

/**
 * esbuild's ES module glue between the chunks (`import{a as X,b as Y}from"./chunk.js"`, `export{X as a}`) as
 * CommonJS with no per-use cost: each imported name is read once into a local (`var c=require("./chunk.js"),
 * X=c.a`), so a use is `X(…)` and not TypeScript's `(0,c.a)(…)`; a chunk's exports are one object literal at
 * its end (`module.exports={a:X}`), not `exports.a=X` each plus the `__esModule` marker nothing of ours reads.
 * That is the same as live bindings because the chunks require each other without a cycle and every exported
 * name has its final value once its chunk has run: the build stops if a function assigns an exported name.
 */
function esmToRequires(code, thisFree = () => false) {
  const sf = ts.createSourceFile('chunk.js', code, ts.ScriptTarget.Latest, true)
  // Names resolved by a checker over this one file: a function's own `a` is not the chunk's `a`.
  const host = ts.createCompilerHost({ allowJs: true, noLib: true })
  const getSourceFile = host.getSourceFile
  host.getSourceFile = (f, ...rest) => (f === 'chunk.js' ? sf : getSourceFile(f, ...rest))
  const checker = ts
    .createProgram(['chunk.js'], { allowJs: true, noLib: true, noResolve: true }, host)
    .getTypeChecker()
  const refs = new Map()
  const collect = (x) => {
    if (ts.isIdentifier(x) && !ts.isImportSpecifier(x.parent)) {
      const sym = checker.getSymbolAtLocation(x)
      if (sym) refs.set(sym, (refs.get(sym) || []).concat(x))
    }
    ts.forEachChild(x, collect)
  }
  collect(sf)
  const edits = []
  const exported = []
  let n = 0
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) {
      const from = JSON.stringify(st.moduleSpecifier.text)
      const named = st.importClause && st.importClause.namedBindings
      if (st.importClause && (st.importClause.name || !named || !ts.isNamedImports(named)))
        throw new Error(
          `build:dist: an import form esmToRequires does not take: ${st.getText(sf).slice(0, 60)}`,
        )
      const m = `__chunk${n++}`
      const locals = []
      for (const e of named ? named.elements : []) {
        const name = (e.propertyName || e.name).text
        // A name used once is read where it is used (`c.a` costs less than `X=c.a` and `X`); as a call only
        // if the function does not read `this` (a call `c.a()` passes the exports object as `this`).
        const uses = refs.get(checker.getSymbolAtLocation(e.name)) || []
        const use = uses.length === 1 ? uses[0] : undefined
        const callee = use && ts.isCallExpression(use.parent) && use.parent.expression === use
        const plain =
          use &&
          ts.isExpression(use) &&
          !ts.isShorthandPropertyAssignment(use.parent) &&
          !ts.isExportSpecifier(use.parent) &&
          !(ts.isBinaryExpression(use.parent) && use.parent.left === use)
        if (plain && (!callee || thisFree(st.moduleSpecifier.text, name)))
          edits.push([use.getStart(sf), use.getEnd(), `${m}.${name}`])
        else locals.push(`${e.name.text} = ${m}.${name}`)
      }
      edits.push([
        st.getStart(sf),
        st.getEnd(),
        named && named.elements.length
          ? `var ${m} = require(${from})${locals.map((l) => `, ${l}`).join('')};`
          : `require(${from});`,
      ])
    } else if (
      ts.isExportDeclaration(st) &&
      !st.moduleSpecifier &&
      st.exportClause &&
      ts.isNamedExports(st.exportClause)
    ) {
      for (const e of st.exportClause.elements) exported.push([e.name.text, (e.propertyName || e.name).text])
      edits.push([st.getStart(sf), st.getEnd(), ''])
    } else if (
      ts.isExportDeclaration(st) ||
      ts.isExportAssignment(st) ||
      (ts.canHaveModifiers(st) &&
        (ts.getModifiers(st) || []).some((x) => x.kind === ts.SyntaxKind.ExportKeyword))
    ) {
      throw new Error(
        `build:dist: an export form esmToRequires does not take: ${st.getText(sf).slice(0, 60)}`,
      )
    }
  }
  const locals = new Set(exported.map(([, local]) => local))
  const topLevel = new Set(
    [...locals].map((l) =>
      checker
        .getSymbolsInScope(sf.statements[sf.statements.length - 1] || sf, ts.SymbolFlags.Value)
        .find((x) => x.name === l),
    ),
  )
  const assigned = (n, inFunction) => {
    if (ts.isFunctionLike(n)) inFunction = true
    const target =
      (ts.isBinaryExpression(n) &&
        n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        n.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
        n.left) ||
      ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
        (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) &&
        n.operand)
    // tslib's __assign replaces itself on its first call (`__assign = Object.assign || …`): a copy that keeps
    // calling the first function still gets the same result.
    const selfReplacing = (t) => {
      let f = n.parent
      while (f && !ts.isFunctionLike(f)) f = f.parent
      return (
        f &&
        ts.isVariableDeclaration(f.parent) &&
        ts.isIdentifier(f.parent.name) &&
        f.parent.name.text === t.text
      )
    }
    if (
      inFunction &&
      target &&
      ts.isIdentifier(target) &&
      locals.has(target.text) &&
      topLevel.has(checker.getSymbolAtLocation(target)) &&
      !selfReplacing(target)
    )
      throw new Error(
        `build:dist: exported ${target.text} is assigned in a function; esmToRequires copies it once: ${n.parent.getText(sf).slice(0, 200)}`,
      )
    ts.forEachChild(n, (c) => assigned(c, inFunction))
  }
  assigned(sf, false)
  edits.sort((a, b) => b[0] - a[0])
  for (const [a, b, t] of edits) code = code.slice(0, a) + t + code.slice(b)
  if (!exported.length) return code
  const tail = `module.exports = { ${exported.map(([name, local]) => `${name}: ${local}`).join(', ')} };`
  return `${code}\n${tail}\n`
}

/** esbuild's ES5 gate: with target es5 it stops on any syntax newer than ES5. */
const ES5 = { format: 'cjs', target: 'es5', charset: 'utf8', logLevel: 'error' }

/**
 * The second minifier, after esbuild's: uglify-js compresses what esbuild leaves (a function called once is
 * inlined, `var`s joined, conditions folded over several passes) and, as a chunk is a CommonJS module,
 * its top-level names are local (toplevel): unused ones go, the rest are shortened. Only options that keep
 * behaviour for any input: no `unsafe` (String(x) as "" + x differs for a Symbol or an object whose valueOf
 * and toString disagree), no `pure_getters` (mobx's observable getters record a read). `module: false`: uglify's
 * default since 3.18 is to treat a file as an ES module and write arrow functions; ascii_only false keeps Chinese
 * as UTF-8.
 */
const UGLIFY = {
  module: false,
  toplevel: true,
  compress: { passes: 3, pure_getters: false, keep_fargs: true, hoist_funs: true },
  output: { ascii_only: false, comments: false },
}

/** Bundled ES module chunk → minified ES5 CommonJS; esbuild with target es5 refuses anything newer. */
async function toCjsEs5(code, thisFree) {
  // import/export between the chunks become require/exports (esmToRequires), the rest ES5 by TypeScript.
  const cjs = ts
    .transpileModule('"use strict";\n' + esmToRequires(babelProofed(code), thisFree), {
      fileName: 'chunk.js',
      compilerOptions: {
        ...LOWER,
        // What is left to lower here is esbuild's own glue (its for-of loops go over arrays).
        downlevelIteration: false,
        module: ts.ModuleKind.CommonJS,
        importHelpers: false,
        esModuleInterop: false,
      },
    })
    // TypeScript first sets every export to undefined (`exports.a = exports.b = void 0`) so that a module in a
    // require cycle sees the names; chunks do not require each other in a cycle, and each export is assigned
    // before any other chunk runs, so the line only costs bytes.
    .outputText.replace(/^exports\.\w+ = (?:exports\.\w+ = )*void 0;\n/m, '')
  // charset utf8: Chinese text stays 3 bytes a character instead of a 6-byte \uXXXX escape.
  const es5 = await transform(cjs, { ...ES5, minify: true, legalComments: 'none' })
  // Then uglify-js over the whole file (UGLIFY); esbuild checks its output is still ES5.
  const min = UglifyJS.minify(es5.code, UGLIFY)
  if (min.error) throw new Error(`build:dist: uglify-js: ${min.error.message}`)
  await transform(min.code, ES5)
  // The minifier must not have written one back (e.g. a typeof it folded).
  const again = babelProof(min.code).edits
  if (again.length)
    throw new Error(`build:dist: the minified chunk reads ${min.code.slice(again[0][0], again[0][1])}`)
  return namedWhereBabelWraps(min.code)
}

/**
 * WeChat's upload compiler (「ES6 转 ES5」) runs Babel's function-name transform: an anonymous function assigned to
 * a property is named after it, `{ now: function () {…} }` → `function now`, and where the function itself reads
 * that name (`{ setTimeout: function (f, ms) { return setTimeout(f, ms) } }`, core/clock.ts), naming it so would
 * shadow the global it reads, so Babel wraps it in a forwarding function with its own toString (~110 bytes each).
 * A function that already has a name is left alone: such a function gets one here, a name that occurs nowhere in
 * it, so nothing in it reads that name and it behaves as before (only its `.name`, which nothing reads, differs).
 */
function namedWhereBabelWraps(code) {
  const sf = ts.createSourceFile('chunk.js', code, ts.ScriptTarget.Latest, true)
  // Where the name is one the chunk declares, Babel renames that binding instead, which costs nothing.
  const declared = new Set()
  const declarations = (n) => {
    if (n.name && ts.isIdentifier(n.name) && !ts.isPropertyAssignment(n) && !ts.isPropertyAccessExpression(n))
      declared.add(n.name.text)
    ts.forEachChild(n, declarations)
  }
  declarations(sf)
  const edits = []
  const visit = (n) => {
    const f = ts.isPropertyAssignment(n) ? n.initializer : undefined
    if (
      f &&
      ts.isFunctionExpression(f) &&
      !f.name &&
      (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))
    ) {
      // Every word in the function (none may be its new name), and the names it reads as variables.
      const words = new Set()
      const reads = new Set()
      const collect = (x) => {
        if (ts.isIdentifier(x)) {
          words.add(x.text)
          const p = x.parent
          if (
            !(ts.isPropertyAccessExpression(p) && p.name === x) &&
            !(ts.isPropertyAssignment(p) && p.name === x)
          )
            reads.add(x.text)
        }
        ts.forEachChild(x, collect)
      }
      collect(f)
      if (reads.has(n.name.text) && !declared.has(n.name.text)) {
        const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
        const names = [...letters].concat([...letters].flatMap((a) => [...letters].map((b) => a + b)))
        const name = names.find((c) => !words.has(c))
        const at = f.getStart(sf) + 'function'.length
        if (code.slice(f.getStart(sf), at) !== 'function')
          throw new Error(`build:dist: a function expression that does not start with "function"`)
        edits.push([at, ` ${name}`])
      }
    }
    ts.forEachChild(n, visit)
  }
  visit(sf)
  edits.sort((a, b) => b[0] - a[0])
  return edits.reduce((c, [at, t]) => c.slice(0, at) + t + c.slice(at), code)
}

/**
 * The names of our classes' `private` members that nothing else uses as a property name, for esbuild to
 * shorten (mangleProps). A private member is only ever read as `this.name` inside its class, so its name is
 * free to change; but esbuild renames a property name everywhere in the bundle, so any name that is also an
 * interface or object-literal key, a public member, or a property in the bundled dependency (mobx)
 * keeps its name: WXML data, wx options, report fields and mobx annotations are never renamed.
 */
function privateNames() {
  const privates = new Set()
  const taken = new Set()
  const isPrivate = (n) => (ts.getCombinedModifierFlags(n) & ts.ModifierFlags.Private) !== 0
  const privatesOf = (cls) =>
    new Set(
      cls.members
        .filter((m) => m.name && ts.isIdentifier(m.name) && isPrivate(m))
        .map((m) => m.name.text)
        .concat(
          (cls.members.find(ts.isConstructorDeclaration)?.parameters ?? [])
            .filter((p) => ts.isIdentifier(p.name) && isPrivate(p))
            .map((p) => p.name.text),
        ),
    )
  // `this.x` is a private member's own access only directly in its class (arrow functions keep that `this`);
  // every other property access (`wx.setData`, a component's `this.setData`, `store.paused`) takes the name.
  let own = new Set()
  const visit = (n) => {
    if (ts.isClassLike(n)) {
      const outer = own
      own = privatesOf(n)
      ts.forEachChild(n, visit)
      own = outer
      return
    }
    if ((ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n)) && !ts.isClassLike(n.parent)) {
      const outer = own
      own = new Set()
      ts.forEachChild(n, visit)
      own = outer
      return
    }
    if (ts.isMethodDeclaration(n) && ts.isObjectLiteralExpression(n.parent)) {
      const outer = own
      own = new Set()
      taken.add(n.name.getText())
      ts.forEachChild(n, visit)
      own = outer
      return
    }
    if (ts.isPropertyAccessExpression(n)) {
      const name = n.name.text
      if (!(n.expression.kind === ts.SyntaxKind.ThisKeyword && own.has(name))) taken.add(name)
    }
    if (ts.isElementAccessExpression(n) && ts.isStringLiteral(n.argumentExpression)) {
      taken.add(n.argumentExpression.text)
    }
    const named = n.name && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) ? n.name.text : undefined
    if (named && (ts.isPropertyDeclaration(n) || ts.isMethodDeclaration(n) || ts.isGetAccessor(n))) {
      ;(isPrivate(n) ? privates : taken).add(named)
    } else if (named && ts.isParameter(n) && ts.isParameterPropertyDeclaration(n, n.parent)) {
      ;(isPrivate(n) ? privates : taken).add(named)
    } else if (
      named &&
      (ts.isPropertySignature(n) ||
        ts.isMethodSignature(n) ||
        ts.isPropertyAssignment(n) ||
        ts.isShorthandPropertyAssignment(n) ||
        ts.isSetAccessor(n) ||
        ts.isEnumMember(n))
    ) {
      taken.add(named)
    }
    ts.forEachChild(n, visit)
  }
  // An interface whose JSDoc says `@internal` names members only its own folder uses (the sentinel's outbox):
  // those names are shortened too, if no file elsewhere in miniprogram/ and no dependency has the word at all.
  const internal = new Map()
  const texts = {}
  for (const file of walk(src).filter((f) => f.endsWith('.ts'))) {
    const text = (texts[file] = fs.readFileSync(path.join(src, file), 'utf8'))
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
    visit(sf)
    for (const st of sf.statements) {
      if (!ts.isInterfaceDeclaration(st) || !ts.getJSDocTags(st).some((t) => t.tagName.text === 'internal'))
        continue
      for (const m of st.members)
        if (m.name && ts.isIdentifier(m.name)) internal.set(m.name.text, path.posix.dirname(file))
    }
  }
  const deps = walk(MOBX_SOURCE)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => fs.readFileSync(path.join(MOBX_SOURCE, f), 'utf8'))
    .join('\n')
  const word = (n) => new RegExp(`\\b${n}\\b`)
  const ownNames = [...internal].filter(
    ([n, dir]) =>
      !word(n).test(deps) &&
      !Object.entries(texts).some(([f, text]) => path.posix.dirname(f) !== dir && word(n).test(text)),
  )
  return [...privates]
    .filter((n) => !taken.has(n) && !word(n).test(deps))
    .concat(ownNames.map(([n]) => n))
    .sort()
}

/**
 * Builds the package into `out`. Returns, per output JS file (relative to `out`), the source inputs it
 * holds with their bytes in the ES2017 bundle (to apportion a file's weight between its inputs).
 */
/** esbuild's options for both builds of the package (the entries with their chunks, and LAZY_ENTRY alone). */
const bundled = (out, mangleProps) => ({
  outdir: out,
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  plugins: [wechatWords, lowerToEs5],
  target: 'es2015',
  define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
  minify: true,
  charset: 'utf8',
  legalComments: 'none',
  mangleProps,
  logLevel: 'error',
})

async function buildDist(out = path.join(root, 'miniprogram_dist')) {
  fs.rmSync(out, { recursive: true, force: true })
  const mangleProps = new RegExp(`^(?:${privateNames().join('|')})$`)
  const result = await build({
    entryPoints: {
      ...Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, path.join(src, v)])),
      mobx: MOBX_ENTRY,
    },
    ...bundled(out, mangleProps),
    splitting: true,
    external: [MOBX],
    chunkNames: 'common/[name]-[hash]',
    metafile: true,
    mangleCache: {},
  })
  await buildLazySentinel(out, mangleProps, result.mangleCache)
  // The chunks as common/a.js, common/b.js… (in the order of their hashes, so a build of the same sources
  // names them the same): every require of one names it, and `./chunk-5QZ2HACT.js` is 10 bytes more.
  const hashed = result.outputFiles
    .map((f) => path.relative(out, f.path).split(path.sep).join('/'))
    .filter((rel) => rel.startsWith('common/'))
    .sort()
  const short = (rel) => {
    const i = hashed.indexOf(rel)
    return i < 0 ? rel : `common/${i < 26 ? String.fromCharCode(97 + i) : `c${i}`}.js`
  }
  const renamed = (text) =>
    text.replace(/(["'])((?:\.\.?\/)+)(?:common\/)?(chunk-[A-Z0-9]+\.js)\1/g, (m, q, up, name) => {
      const target = hashed.find((h) => h.endsWith(`/${name}`))
      if (!target) throw new Error(`build:dist: an import of ${name}, which is not a chunk of this build`)
      return (
        q +
        up +
        (up === './' && !m.includes('common/') ? path.posix.basename(short(target)) : short(target)) +
        q
      )
    })
  const inputs = {}
  for (const [file, meta] of Object.entries(result.metafile.outputs)) {
    const rel = short(path.relative(out, path.resolve(root, file)).split(path.sep).join('/'))
    inputs[rel] = Object.fromEntries(
      Object.entries(meta.inputs).map(([f, i]) => [f.split(path.sep).join('/'), i.bytesInOutput]),
    )
  }
  // esmToRequires reads each imported name once: sound only if no chunk requires itself through others.
  const graph = Object.fromEntries(
    result.outputFiles.map((f) => [
      f.path,
      [...f.text.matchAll(/\bfrom\s*"(\.[^"]+)"|\bimport\s*"(\.[^"]+)"/g)].map((m) =>
        path.resolve(path.dirname(f.path), m[1] || m[2]),
      ),
    ]),
  )
  const done = new Set()
  const walkFrom = (f, stack) => {
    if (stack.includes(f))
      throw new Error(`build:dist: chunks require each other in a cycle (${path.basename(f)})`)
    if (done.has(f)) return
    for (const g of graph[f] || []) walkFrom(g, stack.concat(f))
    done.add(f)
  }
  Object.keys(graph).forEach((f) => walkFrom(f, []))
  // Per output file, the exports that are functions which never read `this` (esmToRequires calls them as `c.a()`).
  const thisFreeIn = {}
  for (const file of result.outputFiles) {
    const sf = ts.createSourceFile('m.js', file.text, ts.ScriptTarget.Latest, true)
    const fns = new Map()
    for (const st of sf.statements)
      if (ts.isFunctionDeclaration(st) && st.name) {
        let usesThis = false
        const look = (x) => {
          if (x.kind === ts.SyntaxKind.ThisKeyword) usesThis = true
          ts.forEachChild(x, look)
        }
        look(st)
        fns.set(st.name.text, !usesThis)
      }
    const free = new Set()
    for (const st of sf.statements)
      if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause))
        for (const e of st.exportClause.elements)
          if (fns.get((e.propertyName || e.name).text)) free.add(e.name.text)
    thisFreeIn[short(path.relative(out, file.path).split(path.sep).join('/'))] = free
  }
  // The panel's entry alone imports mobx-miniprogram, and only names mobx.js exports.
  const mobxImport = new RegExp(`\\bimport\\s*\\{([^}]*)\\}\\s*from\\s*"${MOBX}"`, 'g')
  const panelEntry = 'netcheck-panel/index.js'
  for (const file of result.outputFiles) {
    const rel = short(path.relative(out, file.path).split(path.sep).join('/'))
    const imports = [...file.text.matchAll(mobxImport)]
    if (imports.length && rel !== panelEntry)
      throw new Error(`build:dist: ${rel} imports ${MOBX}; only ${panelEntry} may (see MOBX_EXPORTS)`)
    for (const m of imports)
      for (const spec of m[1].split(',')) {
        const name = spec.trim().split(/\s+as\s+/)[0]
        if (name && !MOBX_EXPORTS.includes(name))
          throw new Error(`build:dist: the panel imports ${name} from ${MOBX}: add it to MOBX_EXPORTS`)
      }
    if (rel === panelEntry && !imports.length)
      throw new Error(`build:dist: ${panelEntry} no longer imports ${MOBX}: see MOBX_EXPORTS`)
  }
  for (const file of result.outputFiles) {
    const rel = short(path.relative(out, file.path).split(path.sep).join('/'))
    const thisFree = (from, name) => {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), from))
      return Boolean(thisFreeIn[target] && thisFreeIn[target].has(name))
    }
    const write = async (to, text) => {
      fs.mkdirSync(path.dirname(path.join(out, to)), { recursive: true })
      fs.writeFileSync(path.join(out, to), await toCjsEs5(text, thisFree))
    }
    if (rel === panelEntry) {
      // One import of mobx for the entry's modules (one require, not one each).
      const specs = [...file.text.matchAll(mobxImport)].map((m) => m[1].trim()).join(',')
      let first = true
      const text = renamed(file.text).replace(mobxImport, () =>
        first ? ((first = false), `import{${specs}}from"${MOBX}"`) : '',
      )
      // Lowered once. The shared panel requires the host's mobx; the default one, the same code but for that
      // path, the package's own mobx.js (both one folder down).
      const shared = await toCjsEs5(text, thisFree)
      const required = `require("${MOBX}")`
      if (shared.split(required).length !== 2)
        throw new Error(`build:dist: ${panelEntry} should hold ${required} once`)
      fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true })
      fs.writeFileSync(path.join(out, rel), shared.replace(required, 'require("../mobx.js")'))
      const at = shared.startsWith('"use strict";') ? '"use strict";'.length : 0
      const guarded = shared.slice(0, at) + SHARED_GUARD + shared.slice(at)
      await transform(guarded, ES5)
      if (babelProof(guarded).edits.length) throw new Error('build:dist: SHARED_GUARD is not babel-proof')
      fs.mkdirSync(path.join(out, SHARED_PANEL), { recursive: true })
      fs.writeFileSync(path.join(out, SHARED_PANEL, 'index.js'), guarded)
      inputs[`${SHARED_PANEL}/index.js`] = inputs[rel]
    } else await write(rel, renamed(file.text))
  }
  for (const ext of ['json', 'wxml', 'wxss'])
    fs.copyFileSync(
      path.join(src, 'components', 'netcheck-panel', `index.${ext}`),
      path.join(out, SHARED_PANEL, `index.${ext}`),
    )
  for (const name of COMPONENTS) {
    for (const ext of ['json', 'wxml', 'wxss']) {
      fs.copyFileSync(
        path.join(src, 'components', name, `index.${ext}`),
        path.join(out, name, `index.${ext}`),
      )
    }
  }
  return inputs
}

/**
 * LAZY_ENTRY, one ES5 file: bundled as the main build bundles, with the main build's short names, and refused if
 * it requires anything (its point is to be the only file a main package pays for the sentinel).
 */
async function buildLazySentinel(out, mangleProps, mangleCache) {
  const [name, entry] = LAZY_ENTRY
  const result = await build({
    entryPoints: { [name]: path.join(src, entry) },
    ...bundled(out, mangleProps),
    mangleCache,
  })
  if (result.outputFiles.length !== 1) throw new Error(`build:dist: ${name} should be one file`)
  const code = await toCjsEs5(result.outputFiles[0].text, () => false)
  if (/\brequire\s*\(/.test(code)) throw new Error(`build:dist: ${name}.js requires another file`)
  fs.mkdirSync(out, { recursive: true })
  fs.writeFileSync(path.join(out, `${name}.js`), code)
}

function walk(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name)
    return d.isDirectory() ? walk(p, base) : [path.relative(base, p).split(path.sep).join('/')]
  })
}

module.exports = {
  buildDist,
  walk,
  babelProof,
  babelProofed,
  namedWhereBabelWraps,
}

if (require.main === module) {
  const out = path.join(root, 'miniprogram_dist')
  buildDist(out)
    .then(() => {
      if (process.argv.includes('--quiet')) return
      for (const f of walk(out).sort()) {
        console.log(`miniprogram_dist/${f}: ${(fs.statSync(path.join(out, f)).size / 1024).toFixed(1)} KB`)
      }
    })
    .catch((e) => {
      console.error(`build:dist: ${String((e && e.message) || e).split('\n')[0]}`)
      process.exitCode = 1
    })
}
