import { Lang } from '../../miniprogram/core/vocabulary'

/** The words of the 服务器 / Server tab (the page served by `zim-netcheck collect`), zh first. */
const zh = {
  tabServer: '服务器',
  serverIntro:
    '本页由收集器提供：输入读取令牌后，汇总与报告列表由服务器按筛选条件计算。令牌只保存在本标签页中。',
  tokenLabel: '读取令牌',
  connect: '连接',
  forget: '忘记令牌',
  refresh: '刷新',
  loading: '正在读取…',
  wrongToken: '读取令牌不对（{code}）：请重新输入。',
  network: '无法连接收集器：{msg}',
  failedRequest: '收集器拒绝了请求（{code}）：{msg}',
  badReport: '这份报告无法显示：{msg}',
  reportsTitle: '报告',
  range: '第 {a}–{b} 份，共 {n} 份',
  rangeEmpty: '没有符合条件的报告',
  prev: '上一页',
  next: '下一页',
  hostsShown: '显示 {k} / {n} 个域名',
  dimApp: '应用（接入密钥）',
  dimDay: '接收日期（UTC）',
  dimTrigger: '来源（手动 / 哨兵）',
}

export type ServerStrings = typeof zh

const en: ServerStrings = {
  tabServer: 'Server',
  serverIntro:
    'This page is served by a collector: enter the read token and the fleet and report list are computed by the server for the filters. The token is kept in this tab only.',
  tokenLabel: 'Read token',
  connect: 'Connect',
  forget: 'Forget token',
  refresh: 'Refresh',
  loading: 'Loading…',
  wrongToken: 'Wrong read token ({code}): enter it again.',
  network: 'Cannot reach the collector: {msg}',
  failedRequest: 'The collector refused the request ({code}): {msg}',
  badReport: 'This report cannot be shown: {msg}',
  reportsTitle: 'Reports',
  range: '{a}–{b} of {n}',
  rangeEmpty: 'No report matches',
  prev: 'Previous',
  next: 'Next',
  hostsShown: '{k} of {n} hosts shown',
  dimApp: 'App (ingest key)',
  dimDay: 'Day received (UTC)',
  dimTrigger: 'Started by (manual / sentinel)',
}

export const SERVER_STRINGS: Record<Lang, ServerStrings> = { zh, en }
