import { Category, Purpose } from './vocabulary'

/** Where the table comes from: ZEGO's ZIM docs, 小程序 > 配置服务器域名. */
export const CATALOG_SOURCE = 'ZEGO ZIM 文档「小程序服务器域名配置」(seed: zim-miniprogram-server-domains.md)'

/** A documented version range, kept exactly as the docs write it plus its semver form. */
export interface VersionRange {
  /** As written in the docs, e.g. `1.2.0 ~ 2.1.5` or `2.13.0 及以上`. */
  written: string
  /** The semver range, e.g. `>=1.2.0 <=2.1.5`. */
  semver: string
  min: string
  /** Inclusive upper bound; undefined for an open range (`及以上`). */
  max?: string
}

export interface CatalogEntry {
  /** Stable id `category:url`, used in every report. */
  id: string
  category: Category
  url: string
  purpose: Purpose
  range: VersionRange
  /** 1-based row number in the documented table. */
  row: number
}

const BOUNDED = /^(\d+\.\d+\.\d+) ~ (\d+\.\d+\.\d+)$/
const OPEN = /^(\d+\.\d+\.\d+) 及以上$/

/** Turns a range as the docs write it into its semver form; throws on a form the docs never use. */
export function parseWrittenRange(written: string): VersionRange {
  const bounded = BOUNDED.exec(written)
  if (bounded) {
    return { written, semver: `>=${bounded[1]} <=${bounded[2]}`, min: bounded[1], max: bounded[2] }
  }
  const open = OPEN.exec(written)
  if (open) return { written, semver: `>=${open[1]}`, min: open[1] }
  throw new Error(`unrecognised version range in catalog: "${written}"`)
}

// The rows in the order of the documented table. Ranges are written as the docs write them.
const R_1_2_TO_2_1_5 = '1.2.0 ~ 2.1.5'
const R_2_2_TO_2_12_0 = '2.2.0 ~ 2.12.0'
const R_1_2_TO_2_11_0 = '1.2.0 ~ 2.11.0'
const R_2_2_TO_2_11_0 = '2.2.0 ~ 2.11.0'
const R_2_12_UP = '2.12.0 及以上'
const R_2_13_UP = '2.13.0 及以上'

const CLOUDS = ['coolbcloud', 'coolccloud', 'coolgcloud', 'coolhcloud', 'coolzcloud'] as const

type RawRow = [Category, string, Purpose, string]

const logRows = (category: Category): RawRow[] => [
  [category, 'https://webzim-detaillog.zego.im', 'log', R_1_2_TO_2_11_0],
  [category, 'https://detaillog-global.zego.im', 'log', R_2_12_UP],
  ...CLOUDS.map((c): RawRow => [category, `https://detaillog-global.${c}.com`, 'log', R_2_12_UP]),
]

const fileRows = (category: Category): RawRow[] => [
  [category, 'https://zego-zim-smsh.oss-cn-shanghai.aliyuncs.com', 'file', R_2_2_TO_2_11_0],
  [category, 'https://zego-zim-zimsh.oss-cn-shanghai.aliyuncs.com', 'file', R_2_2_TO_2_11_0],
  [category, 'https://zimfile-sh2.zego.im', 'file', R_2_2_TO_2_11_0],
  [category, 'https://access-zfpxy-global.zego.im', 'file', R_2_12_UP],
  ...CLOUDS.map((c): RawRow => [category, `https://access-zfpxy-global.${c}.com`, 'file', R_2_12_UP]),
]

const RAW_ROWS: RawRow[] = [
  ['socket', 'wss://webzim-sh2.zego.im', 'access', R_1_2_TO_2_1_5],
  ['socket', 'wss://webzim-sh2-bak.zego.im', 'access', R_1_2_TO_2_1_5],
  ['socket', 'wss://accesshub-wss.zego.im', 'access', R_2_2_TO_2_12_0],
  ...CLOUDS.map((c): RawRow => ['socket', `wss://accesshub-wss.${c}.com`, 'access', R_2_13_UP]),
  ...CLOUDS.map((c): RawRow => ['socket', `wss://accesshub-global.${c}.com`, 'access', R_2_13_UP]),
  ['socket', 'wss://webzim-report.zego.im', 'report', R_1_2_TO_2_11_0],
  ['socket', 'wss://weblogger-wss.zego.im', 'report', R_2_12_UP],
  ...CLOUDS.map((c): RawRow => ['socket', `wss://weblogger-wss.${c}.com`, 'report', R_2_12_UP]),
  ['request', 'https://cloud-setting-api.zego.im', 'config', R_1_2_TO_2_1_5],
  ['request', 'https://cloud-setting-api.zegocloud.com', 'config', R_1_2_TO_2_1_5],
  ...logRows('request'),
  ...fileRows('request'),
  ...logRows('uploadFile'),
  ...fileRows('uploadFile'),
  ...fileRows('downloadFile'),
]

/** Every documented (category, url) row: 63 of them. */
export const CATALOG: readonly CatalogEntry[] = Object.freeze(
  RAW_ROWS.map(([category, url, purpose, written], index) =>
    Object.freeze({
      id: `${category}:${url}`,
      category,
      url,
      purpose,
      range: Object.freeze(parseWrittenRange(written)),
      row: index + 1,
    }),
  ),
)

/** The oldest SDK version the docs cover. */
export const OLDEST_DOCUMENTED = '1.2.0'
