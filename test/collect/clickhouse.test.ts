import { clickhouseKind } from './harness'
import { sharedSuite } from './shared-suite'

describe('collector on ClickHouse (a real clickhouse-server)', () => sharedSuite(clickhouseKind()))
