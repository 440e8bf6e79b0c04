import { OPERATION, ProbeTask, RawOutcome } from '../../miniprogram/core/adapter'
import { Category } from '../../miniprogram/core/vocabulary'
import {
  createWxAdapter,
  isUpgradeRejection,
  PROBE_FILE_NAME,
  statusFromUpgradeError,
  timingFromProfile,
  WxLike,
} from '../../miniprogram/platform/wx-adapter'
import { Behaviour, createFakeWx, FakeWx, ManualClock, ScriptSpec } from '../helpers/fake-wx'

const URL: Record<Category, string> = {
  request: 'https://api.example.com',
  uploadFile: 'https://up.example.com',
  downloadFile: 'https://down.example.com',
  socket: 'wss://ws.example.com',
}
const TIMEOUT = 5000

/** A fake wx on a manual clock, and the adapter over it (no cast: the fake is a WxLike). */
function setup(script: ScriptSpec) {
  const clock = new ManualClock()
  const fake = createFakeWx(script, { clock })
  const adapter = createWxAdapter(fake)
  /** Starts one probe; `outcomes` collects every report. */
  const start = (category: Category, url = URL[category]) => {
    const outcomes: RawOutcome[] = []
    const openAtReport: number[] = []
    const task: ProbeTask = adapter[OPERATION[category]](
      { id: `${category}:${url}`, category, url },
      { timeoutMs: TIMEOUT },
      (o) => {
        outcomes.push(o)
        openAtReport.push(fake.openTasks().total)
      },
    )
    return { outcomes, openAtReport, task }
  }
  return { clock, fake, adapter, start }
}

const everyKind = (b: Behaviour): ScriptSpec => ({ '*': b })

describe('wx.request', () => {
  it.each([200, 204, 301, 403, 404, 405, 500, 502])('any status is reached: %i', (statusCode) => {
    const { clock, fake, start } = setup(everyKind({ kind: 'success', delayMs: 30, statusCode }))
    const { outcomes } = start('request')
    clock.advance(29)
    expect(outcomes).toEqual([])
    clock.advance(1)
    expect(outcomes).toEqual([{ reached: true, statusCode }])
    expect(fake.openTotal).toBe(0)
  })

  it('is a HEAD with the probe deadline as timeout and the profile on', () => {
    const { fake, start } = setup(everyKind({ kind: 'hang' }))
    start('request')
    expect(fake.calls).toHaveLength(1)
    expect(fake.calls[0].options).toMatchObject({
      url: URL.request,
      method: 'HEAD',
      timeout: TIMEOUT,
      enableProfile: true,
    })
  })

  it('the method can be GET', () => {
    const fake = createFakeWx(everyKind({ kind: 'hang' }), { clock: new ManualClock() })
    createWxAdapter(fake, { method: 'GET' }).request(
      { id: 'request:x', category: 'request', url: URL.request },
      { timeoutMs: 10 },
      () => undefined,
    )
    expect(fake.calls[0].options.method).toBe('GET')
  })

  it('fail keeps errMsg and errno as given', () => {
    const errMsg = 'request:fail errcode:-105 cronet_error_code:-105 error_msg:net::ERR_NAME_NOT_RESOLVED'
    const { clock, fake, start } = setup(everyKind({ kind: 'fail', delayMs: 5, errMsg, errno: 600001 }))
    const { outcomes } = start('request')
    clock.advance(5)
    expect(outcomes).toEqual([{ reached: false, errMsg, errno: 600001 }])
    expect(fake.openTotal).toBe(0)
  })

  it('a fail without errno has no errno key', () => {
    const { clock, start } = setup(everyKind({ kind: 'fail', errMsg: 'request:fail timeout' }))
    const { outcomes } = start('request')
    clock.advance(0)
    expect(outcomes).toEqual([{ reached: false, errMsg: 'request:fail timeout' }])
    expect('errno' in outcomes[0]).toBe(false)
  })

  it('profile becomes dns/connect/tls/ttfb', () => {
    const profile = {
      fetchStart: 99,
      domainLookUpStart: 100,
      domainLookUpEnd: 112,
      connectStart: 112,
      connectEnd: 140,
      SSLconnectionStart: 120,
      SSLconnectionEnd: 140,
      requestStart: 141,
      responseStart: 180,
      rtt: 20,
      protocol: 'h2',
    }
    const { clock, start } = setup(everyKind({ kind: 'success', statusCode: 404, profile }))
    const { outcomes } = start('request')
    clock.advance(0)
    expect(outcomes).toEqual([
      { reached: true, statusCode: 404, timing: { dnsMs: 12, connectMs: 28, tlsMs: 20, ttfbMs: 39 } },
    ])
  })

  it('missing, zero or inverted marks are left out; no usable mark, no timing key', () => {
    const { clock, start } = setup({
      [URL.request]: {
        kind: 'success',
        profile: {
          domainLookUpStart: 0,
          domainLookUpEnd: 0,
          connectStart: 50,
          connectEnd: 40,
          requestStart: 60,
        },
      },
      'https://partial.example.com': {
        kind: 'success',
        profile: { domainLookUpStart: 10, domainLookUpEnd: 10, SSLconnectionStart: 0, SSLconnectionEnd: 30 },
      },
    })
    const a = start('request')
    const b = start('request', 'https://partial.example.com')
    clock.advance(0)
    expect(a.outcomes).toEqual([{ reached: true, statusCode: 200 }])
    expect(b.outcomes).toEqual([{ reached: true, statusCode: 200, timing: { dnsMs: 0 } }])
  })
})

describe('wx.uploadFile', () => {
  it('posts one small file as `file` from USER_DATA_PATH; any status is reached', () => {
    const { clock, fake, start } = setup(everyKind({ kind: 'success', delayMs: 3, statusCode: 413 }))
    const { outcomes } = start('uploadFile')
    clock.advance(3)
    expect(outcomes).toEqual([{ reached: true, statusCode: 413 }])
    const path = `wxfile://usr/${PROBE_FILE_NAME}`
    expect(PROBE_FILE_NAME).toBe('zim-netcheck-probe.txt')
    expect(fake.calls[0].options).toMatchObject({
      url: URL.uploadFile,
      name: 'file',
      filePath: path,
      timeout: TIMEOUT,
    })
    // Written for the upload (the fake fails an upload of a missing file), removed once it ended.
    expect(fake.fileWrites).toBe(1)
    expect(fake.files.has(path)).toBe(false)
    expect(fake.fileUnlinks).toBe(1)
  })

  it('writes the file once for concurrent uploads and removes it when the last one ends', () => {
    const { clock, fake, start, adapter } = setup(
      ({ url }) => ({ kind: 'success', delayMs: url.includes('u5') ? 20 : 10 }) as Behaviour,
    )
    const path = `wxfile://usr/${PROBE_FILE_NAME}`
    const first = [1, 2, 3, 4, 5].map((i) => start('uploadFile', `https://u${i}.example.com`))
    expect(fake.files.get(path)).toEqual(expect.any(String))
    expect(String(fake.files.get(path)).length).toBeLessThan(64)
    clock.advance(10)
    // u5 still runs: the file stays.
    expect(fake.files.has(path)).toBe(true)
    expect(adapter.probeFilePath).toBe(path)
    clock.advance(10)
    expect(fake.files.has(path)).toBe(false)
    expect(adapter.probeFilePath).toBeUndefined()
    const later = [6, 7].map((i) => start('uploadFile', `https://u${i}.example.com`))
    clock.advance(10)
    expect([...first, ...later].map((p) => p.outcomes)).toEqual(
      Array(7).fill([{ reached: true, statusCode: 200 }]),
    )
    expect(fake.fileWrites).toBe(2)
    expect(fake.files.has(path)).toBe(false)
    expect(fake.maxConcurrent.uploadFile).toBe(5)
  })

  it('an aborted upload releases the file too', () => {
    const { clock, fake, start } = setup(everyKind({ kind: 'hang' }))
    const a = start('uploadFile')
    expect(fake.files.size).toBe(1)
    a.task.abort()
    clock.runAll()
    expect(fake.files.size).toBe(0)
    expect(fake.openTotal).toBe(0)
  })

  it('profile (3.5.0+) becomes a timing breakdown too', () => {
    const { clock, start } = setup(
      everyKind({
        kind: 'success',
        profile: { requestStart: 5, responseStart: 25, connectStart: 1, connectEnd: 4 },
      }),
    )
    const { outcomes } = start('uploadFile')
    clock.advance(0)
    expect(outcomes[0].timing).toEqual({ connectMs: 3, ttfbMs: 20 })
  })

  it('a failed write is a local storage outcome, with the error’s message; no upload is started; the next one writes again', () => {
    const { clock, fake, start } = setup(everyKind({ kind: 'success' }))
    fake.writeFails = true
    fake.writeError = {
      errMsg: 'writeFileSync:fail the maximum size of the file storage limit is exceeded',
      errno: 1300202,
    }
    const a = start('uploadFile')
    expect(a.outcomes).toEqual([
      {
        reached: false,
        errMsg:
          'uploadFile:fail the probe file could not be written to local storage (writeFileSync:fail the maximum size of the file storage limit is exceeded)',
        errno: 1300202,
        code: 'LOCAL_STORAGE',
      },
    ])
    expect(fake.calls).toHaveLength(0)
    a.task.abort() // harmless

    fake.writeError = new Error('writeFileSync:fail permission denied')
    const b = start('uploadFile')
    expect(b.outcomes).toEqual([
      {
        reached: false,
        errMsg:
          'uploadFile:fail the probe file could not be written to local storage (writeFileSync:fail permission denied)',
        code: 'LOCAL_STORAGE',
      },
    ])

    fake.writeFails = false
    const c = start('uploadFile')
    clock.advance(0)
    expect(c.outcomes).toEqual([{ reached: true, statusCode: 200 }])
    expect(fake.fileWrites).toBe(1)
  })

  it('fail maps like request', () => {
    const errMsg = 'uploadFile:fail url not in domain list'
    const { clock, start } = setup(everyKind({ kind: 'fail', errMsg, errno: 600002 }))
    const { outcomes } = start('uploadFile')
    clock.advance(0)
    expect(outcomes).toEqual([{ reached: false, errMsg, errno: 600002 }])
  })
})

describe('wx.downloadFile', () => {
  it.each([200, 404, 503])('any status is reached: %i', (statusCode) => {
    const { clock, fake, start } = setup(everyKind({ kind: 'success', delayMs: 7, statusCode }))
    const { outcomes } = start('downloadFile')
    clock.advance(7)
    expect(outcomes).toEqual([{ reached: true, statusCode }])
    expect(fake.calls[0].options).toMatchObject({ url: URL.downloadFile, timeout: TIMEOUT })
    expect(fake.openTotal).toBe(0)
  })

  it('fail maps errMsg and errno', () => {
    const errMsg = 'downloadFile:fail exceed max download connection count 10'
    const { clock, start } = setup(everyKind({ kind: 'fail', errMsg, errno: 600007 }))
    const { outcomes } = start('downloadFile')
    clock.advance(0)
    expect(outcomes).toEqual([{ reached: false, errMsg, errno: 600007 }])
  })
})

describe('wx.connectSocket', () => {
  it('onOpen is reached, with the profile’s timing; the socket is closed with 1000 before the report and keeps its slot until onClose', () => {
    const profile = {
      fetchStart: 1,
      domainLookUpStart: 1,
      domainLookUpEnd: 9,
      connectStart: 9,
      connectEnd: 60,
      handshakeCost: 35,
      rtt: 51,
      cost: 90,
    }
    const { clock, fake, start } = setup(everyKind({ kind: 'open', delayMs: 40, profile }))
    const { outcomes, openAtReport } = start('socket')
    expect(fake.calls[0].options).toMatchObject({ url: URL.socket, timeout: TIMEOUT })
    expect(fake.open.socket).toBe(1)
    clock.advance(40)
    // handshakeCost ("握手耗时", which handshake unsaid) is not taken for TLS.
    expect(outcomes).toEqual([{ reached: true, timing: { dnsMs: 8, connectMs: 51 } }])
    // close() was asked for before the report; the slot is WeChat's until the closing handshake's onClose.
    expect(openAtReport).toEqual([1])
    expect(fake.closeCodes).toEqual([1000])
    clock.runAll()
    expect(fake.open.socket).toBe(0)
    expect(outcomes).toHaveLength(1) // the onClose that follows is not reported
    expect(fake.eventsOf('socket')).toEqual(['call', 'connectSocket.success', 'open', 'close()', 'close'])
  })

  it('listeners are attached synchronously: an event at 0 ms is heard', () => {
    const { clock, fake, start } = setup(everyKind({ kind: 'open', delayMs: 0 }))
    const { outcomes } = start('socket')
    clock.advance(0)
    expect(outcomes).toEqual([{ reached: true }])
    expect(fake.log.filter((e) => e.event.startsWith('unheard:'))).toEqual([])
  })

  it.each([
    ["connectSocket:fail Expected HTTP 101 response but was '404 Not Found'", 404],
    ['Invalid HTTP status', undefined],
    ['open fail: _code:20,_msg:Invalid HTTP status.', undefined],
    ['Unexpected server response: 502', 502],
    [
      "WebSocket connection to 'wss://x' failed: Error during WebSocket handshake: Unexpected response code: 403",
      403,
    ],
  ])('an HTTP answer to the upgrade is reached with upgradeRejected: %s', (errMsg, statusCode) => {
    const { clock, fake, start } = setup(everyKind({ kind: 'error', delayMs: 5, errMsg, withClose: true }))
    const { outcomes } = start('socket')
    clock.runAll()
    const expected: RawOutcome = { reached: true, upgradeRejected: true, errMsg }
    if (statusCode !== undefined) expected.statusCode = statusCode
    expect(outcomes).toEqual([expected])
    expect(fake.openTotal).toBe(0)
  })

  it('another onError is not reached, keeping errMsg and errno; the onClose after it is not reported', () => {
    const errMsg =
      'connectSocket:fail errcode:-105 cronet_error_code:-105 error_msg:net::ERR_NAME_NOT_RESOLVED'
    const { clock, fake, start } = setup(
      everyKind({ kind: 'error', delayMs: 5, errMsg, errno: 600001, withClose: true }),
    )
    const { outcomes } = start('socket')
    clock.runAll()
    expect(outcomes).toEqual([{ reached: false, errMsg, errno: 600001 }])
    expect(fake.openTotal).toBe(0)
  })

  it('an error without onClose: the adapter closes the socket itself', () => {
    const { clock, fake, start } = setup(
      everyKind({ kind: 'error', errMsg: 'connectSocket:fail timeout', errno: 5 }),
    )
    const { outcomes } = start('socket')
    clock.runAll()
    expect(outcomes).toEqual([{ reached: false, errMsg: 'connectSocket:fail timeout', errno: 5 }])
    expect(fake.closeCodes).toEqual([1000])
    expect(fake.openTotal).toBe(0)
  })

  it('onClose before open is not reached, with the code and reason', () => {
    const { clock, fake, start } = setup(
      everyKind({ kind: 'close', delayMs: 5, code: 1006, reason: 'abnormal closure' }),
    )
    const { outcomes } = start('socket')
    clock.runAll()
    expect(outcomes).toEqual([
      { reached: false, errMsg: 'connectSocket:fail closed before open (code 1006): abnormal closure' },
    ])
    expect(fake.closeCodes).toEqual([]) // closed by the platform: nothing to close
    expect(fake.openTotal).toBe(0)
  })

  it('connectSocket `fail` is not reached, and the task is still closed', () => {
    const errMsg = 'connectSocket:fail url not in domain list'
    const { clock, fake, start } = setup(everyKind({ kind: 'fail', delayMs: 2, errMsg, errno: 600002 }))
    const { outcomes } = start('socket')
    clock.runAll()
    expect(outcomes).toEqual([{ reached: false, errMsg, errno: 600002 }])
    expect(fake.closeCodes).toEqual([1000])
    expect(fake.openTotal).toBe(0)
  })

  it('a `fail` fired synchronously inside connectSocket still gets its socket closed', () => {
    const errMsg = 'connectSocket:fail invalid url "ws://x"'
    const { clock, fake, start } = setup(
      everyKind({
        kind: 'custom',
        run: (c) => (c.options.fail as (e: unknown) => void)({ errMsg }),
      }),
    )
    const { outcomes } = start('socket')
    expect(outcomes).toEqual([{ reached: false, errMsg }])
    clock.runAll()
    expect(fake.closeCodes).toEqual([1000])
    expect(fake.openTotal).toBe(0)
  })
})

describe('abort', () => {
  it('releases every kind of task, reports nothing, and is idempotent', () => {
    const { clock, fake, start } = setup(everyKind({ kind: 'hang' }))
    const probes = (['request', 'uploadFile', 'downloadFile', 'socket'] as Category[]).map((c) => start(c))
    expect(fake.openTasks()).toEqual({
      request: 1,
      uploadFile: 1,
      downloadFile: 1,
      socket: 1,
      http: 3,
      total: 4,
    })
    for (const p of probes) {
      p.task.abort()
      p.task.abort()
    }
    // HTTP tasks are free at abort; the socket's close runs until its onClose.
    expect(fake.openTasks()).toMatchObject({ http: 0, socket: 1 })
    clock.runAll() // the platform's own "fail abort" and onClose land now, and are ignored
    expect(fake.openTotal).toBe(0)
    expect(probes.map((p) => p.outcomes)).toEqual([[], [], [], []])
    expect(fake.closeCodes).toEqual([1000])
    expect(fake.log.filter((e) => e.event === 'abort')).toHaveLength(3) // once per task, not per abort()
    expect(
      fake.log.filter(
        (e) => e.event === 'fail' && String((e.detail as { errMsg: string }).errMsg).endsWith(':fail abort'),
      ),
    ).toHaveLength(3)
  })

  it('a task that already called back is not aborted again; a reported socket is not closed twice', () => {
    const { clock, fake, start } = setup({
      [URL.request]: { kind: 'success' },
      [URL.socket]: { kind: 'open', delayMs: 1 },
    })
    const r = start('request')
    const s = start('socket')
    clock.runAll()
    r.task.abort()
    s.task.abort()
    expect(fake.eventsOf('request')).toEqual(['call', 'success', 'complete'])
    expect(fake.closeCodes).toEqual([1000])
    expect(r.outcomes).toHaveLength(1)
    expect(s.outcomes).toHaveLength(1)
  })

  it('a socket whose onOpen comes after abort is closed then', () => {
    // close() on a connecting socket is refused by this client; the connection goes on and opens later.
    const { clock, fake, start } = setup(
      everyKind({ kind: 'open', delayMs: 100, closeBeforeOpen: 'ignored' }),
    )
    const { outcomes, task } = start('socket')
    clock.advance(10)
    task.abort()
    expect(fake.closeCodes).toEqual([1000])
    expect(fake.open.socket).toBe(1) // refused: still connecting
    clock.advance(90) // onOpen
    expect(fake.closeCodes).toEqual([1000, 1000])
    expect(fake.open.socket).toBe(0)
    clock.runAll()
    expect(outcomes).toEqual([])
  })

  it('a socket that opens after its call settled with an error is closed too', () => {
    const { clock, fake, start } = setup(
      everyKind({
        kind: 'custom',
        run: (c) => {
          c.later(5, () => c.error({ errMsg: 'connectSocket:fail timeout' }))
          c.later(50, () => c.open({ profile: {} }))
        },
      }),
    )
    const { outcomes } = start('socket')
    clock.advance(5)
    expect(outcomes).toEqual([{ reached: false, errMsg: 'connectSocket:fail timeout' }])
    clock.runAll()
    expect(outcomes).toHaveLength(1)
    expect(fake.closeCodes).toEqual([1000, 1000])
    expect(fake.openTotal).toBe(0)
  })
})

describe('at most one report per call', () => {
  it.each<[string, Behaviour, RawOutcome]>([
    ['success then fail', { kind: 'successThenFail', statusCode: 204 }, { reached: true, statusCode: 204 }],
    [
      'fail twice',
      { kind: 'failTwice', errMsg: 'request:fail url not in domain list', errno: 600002 },
      { reached: false, errMsg: 'request:fail url not in domain list', errno: 600002 },
    ],
    [
      'fail then success',
      {
        kind: 'custom',
        run: (c) =>
          c.later(1, () => (c.fail({ errMsg: 'request:fail interrupted' }), c.success({ statusCode: 200 }))),
      },
      { reached: false, errMsg: 'request:fail interrupted' },
    ],
  ])('%s', (_name, behaviour, expected) => {
    const { clock, fake, start } = setup(everyKind(behaviour))
    const { outcomes } = start('request')
    clock.runAll()
    expect(outcomes).toEqual([expected])
    expect(fake.openTotal).toBe(0)
  })

  it('a callback after abort is ignored', () => {
    const { clock, start } = setup(everyKind({ kind: 'success', delayMs: 20, ignoresAbort: true }))
    const { outcomes, task } = start('downloadFile')
    clock.advance(5)
    task.abort()
    clock.runAll()
    expect(outcomes).toEqual([])
  })

  it('socket: open, error and close all fire; only the open is reported', () => {
    const { clock, fake, start } = setup(
      everyKind({
        kind: 'custom',
        run: (c) =>
          c.later(3, () => {
            c.open()
            c.open()
            c.error({ errMsg: 'Invalid HTTP status' })
            c.close({ code: 1006 })
          }),
      }),
    )
    const { outcomes } = start('socket')
    clock.runAll()
    expect(outcomes).toEqual([{ reached: true }])
    expect(fake.openTotal).toBe(0)
  })
})

describe('synchronous throws from wx propagate to the caller', () => {
  it.each<Category>(['request', 'uploadFile', 'downloadFile', 'socket'])('%s', (category) => {
    const error = new Error(`${OPERATION[category]}:fail invalid url`)
    const { fake, start } = setup(everyKind({ kind: 'throw', message: 'x', error }))
    expect(() => start(category)).toThrow(error)
    expect(fake.openTotal).toBe(0)
  })
})

describe('the global wx', () => {
  const g = globalThis as unknown as { wx?: unknown }
  afterEach(() => delete g.wx)

  it('is the default platform', () => {
    const fake: FakeWx = createFakeWx(everyKind({ kind: 'success', statusCode: 418 }), {
      clock: new ManualClock(),
    })
    g.wx = fake
    const outcomes: RawOutcome[] = []
    createWxAdapter().request(
      { id: 'request:x', category: 'request', url: URL.request },
      { timeoutMs: 10 },
      (o) => outcomes.push(o),
    )
    ;(fake.clock as ManualClock).runAll()
    expect(outcomes).toEqual([{ reached: true, statusCode: 418 }])
  })

  it('fits WxLike without a cast (checked by tsc)', () => {
    const check = (w: WechatMiniprogram.Wx): WxLike => w
    expect(typeof check).toBe('function')
  })
})

describe('helpers', () => {
  it('upgrade rejections are recognised by their wording only', () => {
    expect(isUpgradeRejection('Invalid HTTP status')).toBe(true)
    expect(isUpgradeRejection('Error during WebSocket handshake: net::ERR_CONNECTION_RESET')).toBe(false)
    expect(isUpgradeRejection('connectSocket:fail timeout')).toBe(false)
  })

  it('the quoted status only, never an error code', () => {
    expect(statusFromUpgradeError("Expected HTTP 101 response but was '502 Bad Gateway'")).toBe(502)
    expect(statusFromUpgradeError('unexpected server response (404)')).toBe(404)
    expect(statusFromUpgradeError('exception onOpen fail code:20, msg:Invalid HTTP status.')).toBeUndefined()
    expect(statusFromUpgradeError('errcode:-105 Invalid HTTP status')).toBeUndefined()
  })

  it('timing: never negative, never from zero marks', () => {
    expect(timingFromProfile(undefined)).toBeUndefined()
    expect(timingFromProfile({ connectStart: 10, connectEnd: 8 })).toBeUndefined()
    expect(timingFromProfile({ requestStart: 0, responseStart: 8 })).toBeUndefined()
    expect(timingFromProfile({ domainLookupStart: 3, domainLookupEnd: 7 })).toEqual({ dnsMs: 4 })
  })
})
