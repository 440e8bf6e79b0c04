/** @jest-environment jsdom */
import { reaction } from 'mobx-miniprogram'
import { createWxAdapter, WxLike } from '../miniprogram/platform/wx-adapter'
import { RunStore } from '../miniprogram/store/run-store'
import { buildRunView } from '../miniprogram/store/view-model'
import { FakeWx } from '../test/helpers/fake-wx'
import { measurePanelRun, peakPerSecond, scriptFor } from '../test/helpers/setdata-measure'
import { figure } from './figures'

/**
 * The naive binding for comparison: what a store binding (mobx-miniprogram-bindings) does with one `run` field, one setData
 * per tick carrying the whole view. Driven by the same store and fake platform, counting what it would send.
 */
async function measureNaive() {
  const fake = new FakeWx(scriptFor)
  const store = new RunStore({ createAdapter: () => createWxAdapter(fake as unknown as WxLike) })
  store.setSdk('2.13.0')
  const calls: { at: number; bytes: number }[] = []
  let pending = false
  const stop = reaction(
    () => store.revision,
    () => {
      if (pending) return
      pending = true
      // mobx-miniprogram-bindings flushes on wx.nextTick: a macrotask.
      setTimeout(() => {
        pending = false
        calls.push({ at: Date.now(), bytes: Buffer.byteLength(JSON.stringify({ run: buildRunView(store) })) })
      }, 0)
    },
  )
  await store.start()
  await new Promise((r) => setTimeout(r, 50))
  stop()
  const total = calls.reduce((a, c) => a + c.bytes, 0)
  const final = Buffer.byteLength(JSON.stringify({ run: buildRunView(store) }))
  return { calls: calls.length, peak: peakPerSecond(calls.map((c) => c.at)), ratio: total / final }
}

test('setData traffic of a full 2.13.0 run: the panel vs a naive binding', async () => {
  const ours = await measurePanelRun()
  figure(
    'setdata_calls_per_s',
    ours.peakPerSecond,
    { max: 10 },
    `${ours.calls} calls over ${ours.durationMs} ms`,
  )
  figure(
    'setdata_bytes_ratio',
    ours.bytesRatio,
    { max: 2 },
    `${ours.totalBytes} B sent, final view ${ours.finalBytes} B`,
  )
  const naive = await measureNaive()
  figure('naive_setdata_calls_per_s', naive.peak, undefined, `${naive.calls} calls`)
  figure('naive_setdata_bytes_ratio', naive.ratio)
})
