import { runCli } from '../helpers/cli'

describe('netcheck classify', () => {
  it('classifies one message, errno first', () => {
    const r = runCli(['classify', '--errno', '600002', 'request:fail'])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ errMsg: 'request:fail', category: 'not_whitelisted' })
  })

  it('reads one message per stdin line and prints one JSON line each', () => {
    const input =
      'request:fail 请求超时。\n\nrequest:fail errcode:-105 cronet_error_code:-105 error_msg:net::ERR_NAME_NOT_RESOLVED\n'
    const r = runCli(['classify', '-', '--lang', 'zh'], input)
    expect(r.status).toBe(0)
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((l) => l.category)).toEqual(['timeout', 'dns'])
    expect(Object.keys(lines[0])).toEqual(['errMsg', 'category', 'hint'])
    expect(lines[0].hint).toMatch(/换个网络/)
  })

  it.each([
    [['classify'], /missing <errMsg>/],
    [['classify', '--errno', 'x', 'msg'], /--errno takes a whole number/],
  ])('%j is a usage error', (args, message) => {
    const r = runCli(args)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
  })
})
