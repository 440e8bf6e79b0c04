import {
  describeEnforcement,
  enforcementState,
  platformEnforcement,
  RunEnvironment,
  whitelistEnforcement,
} from '../../miniprogram/core/environment'

describe('whitelistEnforcement: only what WeChat documents', () => {
  it.each<[string, RunEnvironment, ReturnType<typeof whitelistEnforcement>]>([
    ['a phone, debug off', { runtime: 'wechat', enableDebug: false }, { enforced: true, reasons: [] }],
    ['a phone, debug on', { runtime: 'wechat', enableDebug: true }, { enforced: false, reasons: ['debug'] }],
    ['a phone, debug unreadable', { runtime: 'wechat' }, { enforced: false, reasons: [] }],
    [
      'a develop build with debug off',
      { runtime: 'wechat', envVersion: 'develop', enableDebug: false },
      { enforced: true, reasons: [] },
    ],
    ['DevTools', { runtime: 'devtools', enableDebug: false }, { enforced: false, reasons: ['devtools'] }],
    [
      'a devtools platform inside the wechat runtime',
      { runtime: 'wechat', platform: 'devtools', enableDebug: false },
      { enforced: false, reasons: ['devtools'] },
    ],
    [
      'the tourist appid',
      { runtime: 'wechat', appId: 'touristappid', enableDebug: false },
      { enforced: false, reasons: ['tourist_appid'] },
    ],
    ['Node', { runtime: 'node' }, { enforced: false, reasons: ['not_wechat'] }],
    [
      'everything at once, in order',
      { runtime: 'devtools', enableDebug: true, appId: 'touristappid' },
      { enforced: false, reasons: ['devtools', 'debug', 'tourist_appid'] },
    ],
    [
      'debug as a truthy non-boolean is not debug, and unreadable',
      { runtime: 'wechat', enableDebug: 1 as unknown as boolean },
      { enforced: false, reasons: [] },
    ],
  ])('%s', (_name, env, expected) => {
    expect(whitelistEnforcement(env)).toEqual(expected)
  })
})

describe('enforcementState and describeEnforcement', () => {
  it('three states', () => {
    expect(enforcementState({ enforced: true, reasons: [] })).toBe('enforced')
    expect(enforcementState({ enforced: false, reasons: ['debug'] })).toBe('not_enforced')
    expect(enforcementState({ enforced: false, reasons: [] })).toBe('unknown')
  })

  it('enforced, and the remote-debug caveat of a develop build', () => {
    const e = { enforced: true, reasons: [] }
    expect(describeEnforcement(e, 'en')).toBe('the whitelist is enforced in this run')
    expect(describeEnforcement(e, 'zh')).toBe('本次运行校验合法域名')
    expect(describeEnforcement(e, 'en', { envVersion: 'release' })).toBe(
      'the whitelist is enforced in this run',
    )
    expect(describeEnforcement(e, 'en', { envVersion: 'develop' })).toBe(
      'the whitelist is enforced in this run (develop build, debug mode off; if this is a remote-debug session, the docs do not say whether it checks, so it cannot be told)',
    )
    expect(describeEnforcement(e, 'zh', { envVersion: 'develop' })).toBe(
      '本次运行校验合法域名（开发版预览、调试模式关闭；若这是真机调试会话，文档未说明是否校验，无法判断）',
    )
  })

  it('unknown', () => {
    const e = { enforced: false, reasons: [] }
    expect(describeEnforcement(e, 'en')).toBe(
      'whether the whitelist is enforced in this run is unknown (debug mode cannot be read: base library below 2.15.0): a pass proves reachability only, not that the domain is whitelisted',
    )
    expect(describeEnforcement(e, 'zh')).toBe(
      '无法判断本次运行是否校验合法域名（读取不到调试模式状态，基础库低于 2.15.0）：通过只说明网络可达，不说明已加入白名单',
    )
  })

  it('not enforced: every reason, joined per language', () => {
    const e = { enforced: false, reasons: ['debug', 'tourist_appid', 'develop', 'not_wechat'] as const }
    expect(describeEnforcement({ ...e, reasons: [...e.reasons] }, 'en')).toBe(
      'the whitelist is not enforced in this run (debug mode (vConsole) is on; the tourist appid is in use; a develop build may have domain checking off; not running inside WeChat: there is no whitelist): a pass proves reachability only, not that the domain is whitelisted',
    )
    expect(describeEnforcement({ ...e, reasons: [...e.reasons] }, 'zh')).toBe(
      '本次运行不校验合法域名（已开启调试模式（vConsole）；使用游客 appid（touristappid）；开发版小程序可能关闭了域名校验；不在微信中运行，没有白名单）：通过只说明网络可达，不说明已加入白名单',
    )
    expect(describeEnforcement({ enforced: false, reasons: ['devtools'] }, 'zh')).toBe(
      '本次运行不校验合法域名（在开发者工具中运行（是否勾选了“不校验合法域名”无法从运行时读取））：通过只说明网络可达，不说明已加入白名单',
    )
  })
})

describe('platformEnforcement and the text of a platform', () => {
  it('a trial build on Alipay, Douyin or Baidu counts as enforced, like a release', () => {
    for (const platformId of ['alipay', 'douyin', 'baidu'] as const)
      expect(platformEnforcement({ runtime: 'wechat', platformId, envVersion: 'trial' })).toEqual({
        enforced: true,
        reasons: [],
      })
  })

  it('a CLI run is never enforced, whatever platform it names', () => {
    expect(platformEnforcement({ runtime: 'node', platformId: 'alipay', envVersion: 'release' })).toEqual({
      enforced: false,
      reasons: ['not_wechat'],
    })
  })

  it('platformId "wechat" reads as WeChat: the develop caveat and the base-library reason', () => {
    const env = { envVersion: 'develop', platformId: 'wechat' } as const
    expect(describeEnforcement({ enforced: true, reasons: [] }, 'en', env)).toBe(
      describeEnforcement({ enforced: true, reasons: [] }, 'en', { envVersion: 'develop' }),
    )
    expect(describeEnforcement({ enforced: true, reasons: [] }, 'en', env)).toMatch(/remote-debug/)
    expect(describeEnforcement({ enforced: false, reasons: [] }, 'en', env)).toMatch(/2\.15\.0/)
  })
})
