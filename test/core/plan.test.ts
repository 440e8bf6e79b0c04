import { CATALOG } from '../../miniprogram/core/catalog'
import { parseCategoryList, planProbes } from '../../miniprogram/core/plan'

const USE = 'use socket, request, uploadFile, downloadFile'

describe('planProbes', () => {
  it('keeps every row, in catalog order, reduced to id, category, url and purpose', () => {
    const plan = planProbes(CATALOG)
    expect(plan).toHaveLength(CATALOG.length)
    expect(plan[0]).toEqual({
      id: 'socket:wss://webzim-sh2.zego.im',
      category: 'socket',
      url: 'wss://webzim-sh2.zego.im',
      purpose: 'access',
    })
    expect(plan.map((p) => p.id)).toEqual(CATALOG.map((e) => e.id))
    expect(plan.every((p) => Object.keys(p).join() === 'id,category,url,purpose')).toBe(true)
  })

  it('an empty or missing `only` keeps everything', () => {
    expect(planProbes(CATALOG, [])).toHaveLength(CATALOG.length)
    expect(planProbes(CATALOG, undefined)).toHaveLength(CATALOG.length)
  })

  it('`only` keeps the rows of those categories and nothing else', () => {
    const sockets = planProbes(CATALOG, ['socket'])
    expect(sockets.length).toBe(CATALOG.filter((e) => e.category === 'socket').length)
    expect(sockets.length).toBeGreaterThan(0)
    expect(new Set(sockets.map((p) => p.category))).toEqual(new Set(['socket']))

    const two = planProbes(CATALOG, ['downloadFile', 'uploadFile'])
    expect(new Set(two.map((p) => p.category))).toEqual(new Set(['uploadFile', 'downloadFile']))
    expect(two.map((p) => p.id)).toEqual(
      CATALOG.filter((e) => e.category === 'uploadFile' || e.category === 'downloadFile').map((e) => e.id),
    )
  })

  it('no rows give no probes', () => {
    expect(planProbes([], ['socket'])).toEqual([])
  })
})

describe('parseCategoryList', () => {
  it.each<[string, string[]]>([
    ['socket', ['socket']],
    ['socket,request', ['socket', 'request']],
    ['request socket', ['request', 'socket']],
    ['  uploadFile ;downloadFile\t', ['uploadFile', 'downloadFile']],
    ['request，socket', ['request', 'socket']],
    ['UPLOADFILE', ['uploadFile']],
    ['DownloadFile', ['downloadFile']],
    ['socket,socket, SOCKET', ['socket']],
    ['request,,socket,', ['request', 'socket']],
  ])('"%s" is %j', (text, categories) => {
    expect(parseCategoryList(text)).toEqual({ ok: true, categories })
  })

  it.each(['', '   ', ' , ;，'])('"%s" names no category', (text) => {
    expect(parseCategoryList(text)).toEqual({ ok: false, error: `no category given; ${USE}` })
  })

  it.each<[string, string]>([
    ['ftp', 'ftp'],
    ['socket,websocket', 'websocket'],
    ['socket/request', 'socket/request'],
  ])('"%s" is refused, naming "%s"', (text, part) => {
    expect(parseCategoryList(text)).toEqual({ ok: false, error: `unknown category "${part}"; ${USE}` })
  })
})
