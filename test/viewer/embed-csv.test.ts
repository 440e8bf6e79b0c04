import Papa from 'papaparse'
import { toCsv } from '../../web/viewer/csv'
import { EMBED_CLOSE, EMBED_OPEN, embedInto, embedJson } from '../../web/viewer/embed'

describe('embedJson', () => {
  it('nothing inside can close the element or open a comment, and it parses back the same', () => {
    const value = { a: '</script><script>alert(1)</script>', b: '<!-- x -->', c: 'a\u2028b\u2029c & d > e' }
    const out = embedJson(value)
    expect(out).not.toMatch(/[<>&\u2028\u2029]/)
    expect(JSON.parse(out)).toEqual(value)
  })

  it('embedInto fills the one data element and refuses a page without exactly one', () => {
    const page = `<html>${EMBED_OPEN}{}${EMBED_CLOSE}<script>x</script></html>`
    const out = embedInto(page, [{ name: '</script>', text: '<b>' }])
    const data = out.slice(out.indexOf(EMBED_OPEN) + EMBED_OPEN.length, out.indexOf(EMBED_CLOSE))
    expect(JSON.parse(data)).toEqual({
      schema: 'zim-netcheck/viewer-input@1',
      items: [{ name: '</script>', text: '<b>' }],
    })
    expect(out.endsWith(`${EMBED_CLOSE}<script>x</script></html>`)).toBe(true)
    expect(() => embedInto('<html></html>', [])).toThrow()
    expect(() => embedInto(page + page, [])).toThrow()
  })
})

describe('toCsv', () => {
  it('quotes as RFC 4180 and reads back through a parser', () => {
    const rows = [
      ['a,b', 'say "hi"', 'line\nbreak', '中文', 42, -105],
      ['', ' lead', 'trail ', 'x', 0, 1.5],
    ]
    const csv = toCsv(rows)
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(csv).toContain('\r\n')
    expect(Papa.parse(csv.slice(1)).data).toEqual(rows.map((r) => r.map(String)))
  })

  it('defuses formulas: = + - @ TAB CR at the start, after spaces, and before a line break', () => {
    const bad = ['=1+2', '+cmd', '-2+3', '@SUM(A1)', '\t=x', '\r=x', '  =HYPERLINK("x")', '=a\nb']
    const [row] = Papa.parse<string[]>(toCsv([bad]).slice(1)).data
    expect(row).toEqual(bad.map((b) => `'${b}`))
    // Numbers stay numbers; text that merely contains = is left alone.
    const [row2] = Papa.parse<string[]>(toCsv([[-105, 'a=b', 'x-1']]).slice(1)).data
    expect(row2).toEqual(['-105', 'a=b', 'x-1'])
  })
})
