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
    ['alipay', '无权跨域调用', 'not_whitelisted'],
    ['ALIPAY', '[API 调用] 请配置安全域名', 'not_whitelisted'],
    ['Alipay', '请求url不支持ws，请使用wss', 'bad_request'],
    ['alipay', '该appId，SocketTaskID对应的WebSocket已存在', 'bad_request'],
    ['douyin', 'request:fail url is not valid domain', 'not_whitelisted'],
    ['Baidu', '201 illegal request', 'bad_request'],
    ['wechat', 'request:fail 無法連線至伺服器。', 'refused'],
    ['qq', 'request:fail cancel', 'aborted'],
  ])('--platform %s reads that platform’s own wording: %s', (platform, errMsg, category) => {
    const r = runCli(['classify', '--platform', platform, errMsg])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ errMsg, category })
  })

  it('--api in any case names the call', () => {
    const r = runCli(['classify', '--platform', 'alipay', '--api', 'SOCKET', '--errno', '5', 'x'])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).category).toBe('bad_request')
  })

  it('an empty message is read by its code when one is given', () => {
    const r = runCli(['classify', '--errno', '600002', ''])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ errMsg: '', category: 'not_whitelisted' })
    expect(JSON.parse(runCli(['classify', '--code', 'ECONNREFUSED', ' ']).stdout).category).toBe('refused')
  })

  it('a platform’s wording is not read without --platform; its code goes in its own field', () => {
    expect(JSON.parse(runCli(['classify', '201 illegal request']).stdout).category).toBe('unknown')
    // Alipay socket error 5 is "not ws/wss" (bad_request), not wx errno 5 (api timeout).
    const alipay = runCli(['classify', '--platform', 'alipay', '--api', 'socket', '--errno', '5', 'x'])
    expect(JSON.parse(alipay.stdout).category).toBe('bad_request')
    expect(JSON.parse(runCli(['classify', '--errno', '5', 'x']).stdout).category).toBe('timeout')
  })

  it.each([
    [['classify'], /missing <errMsg>/],
    [
      ['classify', ''],
      /^zim-netcheck classify: <errMsg> is empty: give the message .* or --errno \/ --code\n$/,
    ],
    [['classify', ' ', '  '], /<errMsg> is empty/],
    [
      ['classify', '--platform', 'alipay', '--api', 'connectSocket', 'x'],
      /^zim-netcheck classify: --api takes socket\|request\|uploadFile\|downloadFile, got "connectSocket"\n$/,
    ],
    [['classify', '--api', 'constructor', 'x'], /--api takes socket/],
    [['classify', '--errno', 'x', 'msg'], /--errno takes a whole number/],
    [
      ['classify', '--platform', 'ks', 'msg'],
      /^zim-netcheck classify: --platform takes wechat\|alipay\|douyin\|baidu\|qq\|xhs, got "ks"\n$/,
    ],
  ])('%j is a usage error', (args, message) => {
    const r = runCli(args)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
  })
})
