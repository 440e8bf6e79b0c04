import * as fs from 'node:fs'
import * as path from 'node:path'

// Issue 36: the README's uni-app and Taro steps are the ones the fixture hosts (npm run test:hosts) build.

const ROOT = path.join(__dirname, '..', '..')
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8')
/** Whitespace, and the trailing commas and bracket padding prettier adds to the fixtures, aside. */
const flat = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .replace(/,\s*([\]})])/g, '$1')
    .replace(/([[(]) /g, '$1')
    .replace(/ ([\])])/g, '$1')
    .trim()
const readme = flat(read('README.md'))

/** One piece of a fixture file, found by a pattern, that the README must hold as it is (whitespace aside). */
function piece(rel: string, pattern: RegExp): string {
  const m = pattern.exec(read(rel))
  if (!m) throw new Error(`${rel}: nothing matches ${pattern}`)
  return flat(m[1] ?? m[0])
}

describe('README uni-app and Taro sections match test/host-app/uni and test/host-app/taro', () => {
  const uniPkg = JSON.parse(read('test/host-app/uni/package.json')) as { scripts: Record<string, string> }
  const uniPages = JSON.parse(read('test/host-app/uni/src/pages.json')) as {
    pages: { style: { usingComponents: Record<string, string> } }[]
  }

  it.each([
    ['uni package.json prebuild', `"prebuild:mp-weixin": "${uniPkg.scripts['prebuild:mp-weixin']}"`],
    ['uni package.json build', `"build:mp-weixin": "${uniPkg.scripts['build:mp-weixin']}"`],
    ...uniPages.pages.flatMap((p) =>
      Object.entries(p.style.usingComponents).map(([k, v]): [string, string] => [
        `uni pages.json ${k}`,
        `"${k}": "${v}"`,
      ]),
    ),
    ['uni panel tag', piece('test/host-app/uni/src/pages/index/index.vue', /<netcheck-panel[\s\S]*?\/>/)],
    ['uni shareCard', piece('test/host-app/uni/src/pages/index/index.vue', /const \{ shareCard \}.*/)],
    ['uni report tag', piece('test/host-app/uni/src/pages/report/index.vue', /<report-view.*\/>/)],
    ['uni report share', piece('test/host-app/uni/src/pages/report/index.vue', /return (this\.\$scope.*)/)],
    ['taro copy', piece('test/host-app/taro/config/index.js', /patterns: \[[^\]]*\]/)],
    [
      'taro panel config',
      piece('test/host-app/taro/src/pages/index/index.config.js', /usingComponents: \{[^}]*\}/),
    ],
    [
      'taro shareCard import',
      piece('test/host-app/taro/src/pages/index/index.jsx', /import \{ shareCard \}.*/),
    ],
    [
      'taro share hook',
      piece('test/host-app/taro/src/pages/index/index.jsx', /useShareAppMessage\(\(\) =>.*/),
    ],
    ['taro report', piece('test/host-app/taro/src/pages/report/index.jsx', /return (<report-view.*)/)],
    ['taro report share', piece('test/host-app/taro/src/pages/report/index.jsx', /useShareAppMessage\(.*/)],
  ])('%s', (_, snippet) => {
    expect(readme).toContain(snippet)
  })

  it('the Taro panel tag has the fixture’s props', () => {
    const tag = piece('test/host-app/taro/src/pages/index/index.jsx', /<netcheck-panel[\s\S]*?\/>/)
    for (const prop of tag.match(/\b[a-zA-Z]+=(?:"[^"]*"|\{\d+\})/g) ?? []) expect(readme).toContain(prop)
    expect(tag).not.toMatch(/\bonly=/) // Taro turns it into an event (README says so)
  })
})
