import { duckKind } from './harness'
import { sharedSuite } from './shared-suite'

describe('collector on DuckDB (embedded)', () => sharedSuite(duckKind()))
