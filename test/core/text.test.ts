import { langFromWechat, purposeLabel } from '../../miniprogram/core/text'

/** The functions of core/text.ts (its sentences are checked by text-home.test.ts and the exact-output tests). */

describe('langFromWechat: English when WeChat is set to English, Chinese otherwise', () => {
  it.each<[string | undefined, 'zh' | 'en']>([
    ['en', 'en'],
    ['en_US', 'en'],
    ['EN_gb', 'en'],
    ['zh_CN', 'zh'],
    ['zh_TW', 'zh'],
    ['fr', 'zh'],
    ['tr_en', 'zh'],
    ['', 'zh'],
    [undefined, 'zh'],
  ])('%s → %s', (language, lang) => {
    expect(langFromWechat(language)).toBe(lang)
  })
})

describe('purposeLabel', () => {
  it('labels a known purpose per language, and shows an imported one by its own name', () => {
    expect(purposeLabel('access', 'en')).toBe('access (WebSocket gateway)')
    expect(purposeLabel('app', 'en')).toBe('your domains')
    expect(purposeLabel('app', 'zh')).toBe('你的域名')
    expect(purposeLabel('推送通知', 'en')).toBe('推送通知')
    expect(purposeLabel('push', 'zh')).toBe('push')
  })
})
