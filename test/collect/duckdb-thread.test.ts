import { duckThreadKind } from './harness'
import { sharedSuite } from './shared-suite'

// As `zim-netcheck collect` runs it: the database, the reading and the writing on a thread of their own.
describe('collector on DuckDB on its own thread', () => sharedSuite(duckThreadKind()))
