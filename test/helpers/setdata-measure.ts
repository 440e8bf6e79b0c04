import type { Script } from './fake-wx'
import { installFakeWx, mountPanel, sleep, until } from './panel'

export interface SetDataFigures {
  calls: number
  peakPerSecond: number
  totalBytes: number
  finalBytes: number
  bytesRatio: number
  /** Calls after the first whose patch re-sent the whole result list. */
  wholeListResends: number
  durationMs: number
}

/** Staggered, deterministic answers: probe n answers 15–450 ms after it starts. */
const delayFor = (url: string) => {
  let h = 0
  for (const ch of url) h = (h * 31 + ch.charCodeAt(0)) >>> 0
  return 15 + (h % 436)
}

export function peakPerSecond(times: number[]): number {
  let peak = 0
  for (let i = 0; i < times.length; i++) {
    let n = 0
    for (let j = i; j < times.length && times[j] - times[i] < 1000; j++) n++
    peak = Math.max(peak, n)
  }
  return peak
}

/** The platform of the measured run: staggered answers, the coolhcloud.com HTTP domains not whitelisted. */
export const scriptFor: Script = ({ url, kind }) =>
  url.includes('coolhcloud') && kind !== 'socket'
    ? { kind: 'fail', delayMs: delayFor(url), errMsg: `${kind}:fail url not in domain list`, errno: 600002 }
    : { kind: kind === 'socket' ? 'open' : 'success', delayMs: delayFor(url + kind) }

/** A full 2.13.0 run through the real panel under miniprogram-simulate, counting setData. */
export async function measurePanelRun(): Promise<SetDataFigures> {
  installFakeWx(scriptFor)
  const { comp, calls } = mountPanel({ sdk: '2.13.0' })
  await sleep(50)
  const t0 = Date.now()
  comp.querySelector('.nc-primary').dispatchEvent('tap')
  await until(() => comp.data.phase === 'done' && comp.data.run.progress.done === 46, 20_000)
  await sleep(400)
  const duration = Date.now() - t0
  const during = calls.filter((c) => c.at >= t0)
  const totalBytes = calls.reduce((a, c) => a + c.bytes, 0)
  const data = comp.data as Record<string, unknown>
  const finalBytes = Buffer.byteLength(JSON.stringify(data))
  const wholeListResends = during.filter((c) => c.keys.some((k) => k === 'run' || k === 'run.groups')).length
  comp.detach()
  return {
    calls: during.length,
    peakPerSecond: peakPerSecond(during.map((c) => c.at)),
    totalBytes,
    finalBytes,
    bytesRatio: totalBytes / finalBytes,
    wholeListResends,
    durationMs: duration,
  }
}
