// One job: a bounded queue of reports in the platform's storage and their delivery to a collector
// (`POST <collector>/v1/reports`, header `X-Zim-App-Key`, issue 32), retried when the network returns.
// The sentinel (sentinel/outbox.ts) and the panel's "send to support" (platform/support-send.ts) share it.

/** What the queue needs of a platform: storage, the network's return, a POST. */
export interface QueuePlatform {
  getItem(key: string): unknown
  setItem(key: string, value: unknown): void
  onNetworkStatusChange(fn: (res: { isConnected?: boolean }) => void): void
  offNetworkStatusChange(fn: (res: { isConnected?: boolean }) => void): void
  /** POSTs a JSON body; `status` 0 when nothing came back (offline, refused, timeout); `data` the answer's body. */
  post(
    url: string,
    headers: Record<string, string>,
    body: string,
    done: (status: number, data?: unknown) => void,
  ): void
}

export function safe<T>(fn: () => T, onError?: () => void): T | undefined {
  try {
    return fn()
  } catch {
    onError?.()
    return undefined
  }
}

/** Stored (2xx) or refused for good (4xx but 408 / 429): the report leaves the queue. Else it waits. */
export const settles = (status: number): boolean =>
  (status >= 200 && status < 300) || (status >= 400 && status < 500 && status !== 408 && status !== 429)

/**
 * The queue of one sender.
 * @internal its member names are the queue's own: tools/build-dist.js shortens them.
 */
export interface ReportQueue {
  /** Sends the queue's reports one by one, oldest first; stops at the first that does not go (kept for later). */
  sendQueue(): Promise<number>
  /** Keeps a report body for sendQueue (at most `max`; the oldest goes first; the same body once). */
  enqueue(body: string): void
  /** Reports waiting in storage. */
  queueLength(): number
  /** Stops listening for the network's return. */
  unlisten(): void
}

/** One report's POST to `<collector>/v1/reports` with the app's key; a platform that throws answers 0. */
export function postReport(
  p: QueuePlatform,
  collector: string,
  appKey: string,
  body: string,
  done: (status: number, data?: unknown) => void,
): void {
  const url = collector.replace(/\/+$/, '') + '/v1/reports'
  safe(
    () => p.post(url, { 'Content-Type': 'application/json', 'X-Zim-App-Key': appKey }, body, done),
    () => done(0),
  )
}

/**
 * The queue at `storeKey` (at most `max` reports) for `<collector>/v1/reports` with `appKey`. `allowed`: whether
 * sending is allowed now (the sentinel: consent; when not, what waited is dropped); `answered`: each answer (or
 * 0: none) to a report's POST. Positional, not an options object: the panel ships this, and names cost bytes.
 */
export function createReportQueue(
  p: QueuePlatform,
  collector: string,
  appKey: string,
  storeKey: string,
  max: number,
  allowed: () => boolean,
  disposed: () => boolean,
  answered?: (body: string, status: number, data: unknown) => void,
): ReportQueue {
  let sending = false

  const readQueue = (): string[] => {
    const v = safe(() => p.getItem(storeKey))
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  }
  const writeQueue = (q: string[]) => safe(() => p.setItem(storeKey, q))

  const onNetwork = (res: { isConnected?: boolean }) => {
    if (res && res.isConnected) void flush()
  }
  let listening = false
  const listen = (on: boolean) => {
    if (on === listening || (on && disposed())) return
    listening = on
    safe(() => (on ? p.onNetworkStatusChange(onNetwork) : p.offNetworkStatusChange(onNetwork)))
  }

  function flush(): Promise<number> {
    if (sending || disposed()) return Promise.resolve(0)
    if (!allowed()) {
      writeQueue([])
      listen(false)
      return Promise.resolve(0)
    }
    sending = true
    let sent = 0
    const next = (): Promise<number> => {
      const q = readQueue()
      if (q.length === 0 || disposed()) {
        sending = false
        listen(false)
        return Promise.resolve(sent)
      }
      return new Promise<number>((resolve) =>
        postReport(p, collector, appKey, q[0], (status, data) => {
          safe(() => answered && answered(q[0], status, data))
          if (!settles(status)) {
            sending = false
            listen(true)
            return resolve(sent)
          }
          if (status < 300) sent++
          const rest = readQueue()
          if (rest[0] === q[0]) rest.shift()
          writeQueue(rest)
          resolve(next())
        }),
      )
    }
    return next()
  }

  return {
    sendQueue: flush,
    enqueue(body) {
      if (max <= 0) return
      const q = readQueue().filter((b) => b !== body)
      q.push(body)
      while (q.length > max) q.shift()
      writeQueue(q)
    },
    queueLength: () => readQueue().length,
    unlisten: () => listen(false),
  }
}

type Fn = (...args: never[]) => unknown

/**
 * A platform global's storage, network events and POST in the queue's terms. Every platform takes wx's shapes
 * except Alipay (`my`), whose storage takes `{key, data}` and answers `{data}` (my.getStorageSync), and whose
 * request takes `headers` and answers `status` (opendocs.alipay.com, my.request). A call the platform lacks is a
 * no-op (its listener simply never fires).
 */
export function queuePlatform(
  api: unknown,
  my = false,
): QueuePlatform & {
  call(name: string, ...args: unknown[]): unknown
} {
  const a = api as Record<string, unknown>
  const call = (name: string, ...args: unknown[]): unknown => {
    const f = a[name]
    return typeof f === 'function' ? (f as Fn).apply(a, args as never[]) : undefined
  }
  return {
    call,
    getItem(key) {
      if (!my) return call('getStorageSync', key)
      const res = call('getStorageSync', { key }) as { data?: unknown } | undefined
      return res && typeof res === 'object' ? res.data : undefined
    },
    setItem(key, value) {
      if (my) call('setStorageSync', { key, data: value })
      else call('setStorageSync', key, value)
    },
    onNetworkStatusChange: (fn) => void call('onNetworkStatusChange', fn),
    offNetworkStatusChange: (fn) => void call('offNetworkStatusChange', fn),
    post(url, headers, body, done) {
      let settled = false
      const once = (status: unknown, data?: unknown) => {
        if (settled) return
        settled = true
        done(typeof status === 'number' ? status : 0, data)
      }
      const ret = call('request', {
        url,
        method: 'POST',
        [my ? 'headers' : 'header']: headers,
        data: body,
        dataType: my ? 'text' : 'json',
        timeout: 10000,
        success: (res: { statusCode?: number; status?: number; data?: unknown }) =>
          once(res && (my ? (res.status ?? res.statusCode) : res.statusCode), res && res.data),
        fail: (err: { status?: number }) => once(my && err ? err.status : 0),
      }) as { then?: unknown; catch?: (f: () => void) => void } | undefined
      // my.request also returns a Promise that rejects on failure: handled, so nothing is reported unhandled.
      if (ret && typeof ret.then === 'function' && typeof ret.catch === 'function') ret.catch(() => undefined)
    },
  }
}
