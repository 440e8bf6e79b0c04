import { classify } from '../../miniprogram/core/classifier'
import chromium from '../fixtures/upstream/chromium-net-errors.json'

/**
 * The classifier decodes its code tables once, on first use, and keeps them for the life of the module. So the
 * first classification of a fresh module is the one that depends on every table being decoded right: this file
 * holds one test (keep it first), and each line below reads a different table (Stryker scores the decoding
 * against it: in the other suites the tables are already decoded by an earlier test).
 */
describe('the first classification decodes every code table', () => {
  it('a former Chromium name, a gap in the numbers, a localized description', () => {
    const former = chromium.rows.find((r) => r.symbol === 'ERR_SPDY_PING_FAILED')
    expect(former).toMatchObject({ code: -352, status: 'former name' })
    expect(classify({ errMsg: 'request:fail net::ERR_SPDY_PING_FAILED' })).toMatchObject({
      category: former?.category,
      code: 'chromium:-352',
    })
    // -128 is not in net_error_list.h (a gap in its numbers): its hundred (100-199: connection errors) decides.
    expect(chromium.rows.some((r) => r.code === -128)).toBe(false)
    expect(classify({ errMsg: 'request:fail errcode:-128' })).toMatchObject({
      category: 'refused',
      code: 'chromium:-128',
    })
    expect(classify({ errMsg: 'The Internet connection appears to be offline.' })).toMatchObject({
      category: 'offline',
      code: 'nsurl:-1009',
    })
    expect(classify({ errMsg: 'request:fail 似乎已断开与互联网的连接。' })).toMatchObject({
      category: 'offline',
      code: 'nsurl:-1009',
    })
  })
})

describe('a Chromium number however the platform spaces it', () => {
  it.each([
    'request:fail errcode:-105',
    'request:fail errcode: -105',
    'request:fail cronet_error_code = -105',
    'request:fail -105 : net::',
    'request:fail -105: net::something',
  ])('%s', (errMsg) => {
    expect(classify({ errMsg })).toMatchObject({ category: 'dns', code: 'chromium:-105' })
  })
})
