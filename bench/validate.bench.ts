import { validateReport } from '../miniprogram/core/report'
import { report2130 } from '../test/helpers/reports'
import { figure, median } from './figures'

// validateReport runs on every report the collector takes (and on every link the report page opens): its cost is
// held against reading the same report's JSON, which every reader pays anyway. Measured as ts-jest runs it (ES5, as
// on a phone): ~2.5× JSON.parse; the bundled CLI's collector runs it at ~1×. Splitting each check's path again for
// every field of every result had made it ~7.8× (fixed with the checks read once).
test('validating a full 2.13.0 report costs a small multiple of parsing its JSON', () => {
  const text = JSON.stringify(report2130())
  const parsed = JSON.parse(text) as unknown
  const N = 2000
  const per = (fn: () => unknown) => {
    const t = process.hrtime.bigint()
    for (let i = 0; i < N; i++) fn()
    return Number(process.hrtime.bigint() - t) / 1e3 / N
  }
  if (!validateReport(parsed).ok) throw new Error('the 2.13.0 report must validate')
  per(() => validateReport(parsed))
  per(() => JSON.parse(text))
  const ratios: number[] = []
  const v: number[] = []
  const p: number[] = []
  for (let i = 0; i < 7; i++) {
    v.push(per(() => validateReport(parsed)))
    p.push(per(() => JSON.parse(text)))
    ratios.push(v[i] / p[i])
  }
  figure(
    'validate_parse_ratio',
    median(ratios),
    { max: 3 },
    `median of 7 pairs: validateReport ${median(v).toFixed(1)} µs vs JSON.parse ${median(p).toFixed(1)} µs (${text.length} B, 46 results)`,
  )
})
