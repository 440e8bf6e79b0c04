import { LoadedCatalog, validateCatalog } from '../core/catalog-json'

/** The part of `wx` a catalog URL needs. */
export interface WxRequestApi {
  request: (opts: {
    url: string
    timeout?: number
    success?: (res: { statusCode: number; data: unknown }) => void
    fail?: (err: { errMsg?: string }) => void
  }) => unknown
}

/**
 * The panel's `catalog` property: an object (validated here), or the https URL of a catalog JSON the host app
 * serves and whitelists under request 合法域名, fetched with wx.request at run time and validated. Never rejects:
 * a failure is `{ ok: false, error }`, and the panel falls back to the built-in table with a note.
 */
export function loadCatalog(api: WxRequestApi, value: unknown, timeoutMs = 10_000): Promise<LoadedCatalog> {
  return new Promise((resolve) => {
    const fail = (why: string) => resolve({ ok: false, error: value + ': ' + why })
    if (typeof value !== 'string') return resolve(validateCatalog(value))
    if (!/^https:\/\/[^\s/]/i.test(value)) return fail('not an https:// URL')
    try {
      api.request({
        url: value,
        timeout: timeoutMs,
        success: (res) => {
          if (res.statusCode !== 200) return fail('HTTP ' + res.statusCode)
          try {
            resolve(validateCatalog(typeof res.data === 'string' ? JSON.parse(res.data) : res.data))
          } catch {
            fail('not JSON')
          }
        },
        fail: (err) => fail(err.errMsg || 'request failed'),
      })
    } catch (e) {
      fail(String(e))
    }
  })
}
