/**
 * store/platform-words.ts (every platform) and store/platform-words.wechat.ts (what the WeChat package and WeChat
 * build resolve it to: tools/platforms/words.js) say the same for WeChat, the only platform a WeChat
 * panel runs on; the WeChat variant names another platform's report by its id and adds no other-platform words.
 */
import * as full from '../../miniprogram/store/platform-words'
import * as wechat from '../../miniprogram/store/platform-words.wechat'
import { PLATFORM_CONSOLES, PLATFORM_NAMES } from '../../miniprogram/core/text'
import { LANGS } from '../../miniprogram/core/vocabulary'

const URLS = ['wss://a.example.com', 'https://a.example.com/x', 'https://b.example.com:8443']

describe('store/platform-words on WeChat', () => {
  it.each([...LANGS])('the WeChat variant says what the full module says (%s)', (lang) => {
    for (const id of ['wechat', undefined] as const) {
      expect(wechat.platformName(id, lang)).toBe(full.platformName(id, lang))
      expect(wechat.platformWords(lang, id)).toEqual(full.platformWords(lang, id))
      expect(wechat.notWhitelistedOn(lang, id)).toEqual(full.notWhitelistedOn(lang, id))
      expect(wechat.singleList(id, URLS)).toEqual(full.singleList(id, URLS))
    }
    expect(full.platformName('wechat', lang)).toBe(PLATFORM_NAMES.wechat[lang])
  })

  it('the full module keeps every other platform: names, consoles, Alipay’s one list of hosts', () => {
    expect(full.platformName('douyin', 'zh')).toBe(PLATFORM_NAMES.douyin.zh)
    expect(full.platformWords('en', 'baidu')?.whitelistHint).toContain(PLATFORM_CONSOLES.baidu.en)
    expect(full.notWhitelistedOn('zh', 'xhs')).toContain(PLATFORM_CONSOLES.xhs.zh)
    expect(full.singleList('alipay', URLS)?.lines).toBe('a.example.com\nb.example.com')
    expect(full.singleList('qq', URLS)).toBeUndefined()
  })

  it('the WeChat variant names a report from another platform by its id, with no other-platform words', () => {
    expect(wechat.platformName('alipay', 'zh')).toBe('alipay')
    expect(wechat.platformWords('zh', 'alipay')).toBeUndefined()
    expect(wechat.notWhitelistedOn('zh', 'douyin')).toBeUndefined()
    expect(wechat.singleList('alipay', URLS)).toBeUndefined()
  })
})
