// `npm run mutate:static`: the static mutants `npm run mutate` leaves out (module-level tables, see
// docs/mutation.md), one module at a time: `npm run mutate:static -- --mutate miniprogram/core/classifier.ts`.
import base from './stryker.config.mjs'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  ignoreStatic: false,
  mutate: ['miniprogram/core/classifier.ts'],
  jest: { ...base.jest, configFile: 'jest.stryker-static.config.js' },
  jsonReporter: { fileName: 'reports/mutation/static.json' },
}
