import { bindClickHouse, quoteLiteral } from '../../node/collect/clickhouse'

// ClickHouse 18.16 has no query parameters: the collector quotes them. What it writes must read back as the
// same string in ClickHouse's grammar (checked against a real server in clickhouse.test.ts) and never end early.
describe('ClickHouse literals', () => {
  test.each([
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
    ["\\'; DROP TABLE reports; --", "'\\\\\\'; DROP TABLE reports; --'"],
    ['tab\tnew\nline\u0000', "'tab\\x09new\\x0aline\\x00'"],
    ['{p0:String}', "'{p0:String}'"],
  ])('%j', (value, literal) => {
    expect(quoteLiteral(value, 'String')).toBe(literal)
  })

  test('numbers must be safe integers; a string is never taken as one', () => {
    expect(quoteLiteral(1700000000000, 'Int64')).toBe('1700000000000')
    expect(() => quoteLiteral('1 OR 1=1', 'Int64')).toThrow('must be an integer')
    expect(() => quoteLiteral(1.5, 'Int64')).toThrow('must be an integer')
    expect(() => quoteLiteral(2, 'String')).toThrow('must be a string')
  })

  test('placeholders are bound once, from the values only (a value that looks like one stays text)', () => {
    expect(bindClickHouse('a = {x:String} AND b = {y:Int64}', { x: '{y:Int64}', y: 3 })).toBe(
      "a = '{y:Int64}' AND b = 3",
    )
    expect(() => bindClickHouse('a = {z:String}', {})).toThrow('no value for {z}')
  })
})
