import { classify } from '../miniprogram/core/classifier'
import { figure, median } from './figures'

// The classifier reads every failure's message, wherever it came from (a platform, a pasted log, `classify -` over
// a whole file). It reads the first 4,000 characters only (test/core/classifier-rules.test.ts), so no message may
// cost more than an ordinary message of that length: huge ones, and ones made of the very words its rules look for
// (each rule's regular expression meeting thousands of near-matches), are held to the cost of 4,000 plain letters.
// A rule that backtracks on such text shows here as a ratio in the tens or more.
const ADVERSARIAL = [
  'x'.repeat(1_000_000),
  'ssl '.repeat(100_000),
  'exceed max '.repeat(50_000),
  'timed out: '.repeat(50_000),
  'Error Domain=NSURLErrorDomain Code='.repeat(20_000),
  '请求超时，'.repeat(100_000),
  ' '.repeat(1_000_000) + 'timeout',
]
const PLAIN = 'x'.repeat(4000)

test('huge and adversarial messages cost what an ordinary 4,000-character one does', () => {
  const N = 40
  const per = (msgs: string[]) => {
    const t = process.hrtime.bigint()
    for (let i = 0; i < N; i++) for (const errMsg of msgs) classify({ errMsg })
    return Number(process.hrtime.bigint() - t) / 1e3 / N / msgs.length
  }
  const plain = ADVERSARIAL.map(() => PLAIN)
  per(ADVERSARIAL)
  per(plain)
  const ratios: number[] = []
  const a: number[] = []
  const p: number[] = []
  for (let i = 0; i < 7; i++) {
    a.push(per(ADVERSARIAL))
    p.push(per(plain))
    ratios.push(a[i] / p[i])
  }
  figure(
    'classify_adversarial_ratio',
    median(ratios),
    { max: 3 },
    `median of 7 pairs: ${median(a).toFixed(1)} µs a message for ${ADVERSARIAL.length} huge or adversarial ones vs ${median(p).toFixed(1)} µs for 4,000 plain letters`,
  )
})
