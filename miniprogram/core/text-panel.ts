import { Lang } from './vocabulary'
import { Bilingual, CONSOLE_DOMAINS } from './text-base'

/**
 * The mini-program's own words: the panel, its notices, sending a report and the history page (the report
 * page's are in text-view.ts). zh-CN first, English second.
 */

/** The not-whitelisted hint on a platform other than WeChat: its own console, and no WeChat category names. */
export const NOT_WHITELISTED_ON: Bilingual = {
  zh: '在 {console} 中加入这个域名；保存后重新打开小程序使列表生效',
  en: 'Add this exact domain in {console}, then reopen the mini-program to refresh the list',
}

/** The panel's words, zh first. Keys are what WXML shows as `{{t.key}}`. */
const zh = {
  title: 'ZIM 服务器域名检测',
  subtitle: '检查 ZIM SDK 所需的合法域名在本机是否可达',
  sdkLabel: 'SDK 版本',
  sdkPlaceholder: '例如 2.13.0、latest、all',
  rangePicker: '按文档版本范围选择',
  categoriesLabel: '检测类别',
  timeoutLabel: '单项超时',
  start: '开始检测',
  cancel: '取消',
  rerunFailed: '重试失败项',
  rerunAll: '重新检测',
  envTitle: '运行环境',
  envWechat: '微信版本',
  envBaseLib: '基础库',
  envDevice: '设备',
  envNetwork: '网络',
  envApp: '小程序',
  progress: '进度',
  resultsTitle: '检测结果',
  whitelistTitle: '合法域名清单',
  whitelistHint: `复制后粘贴到 ${CONSOLE_DOMAINS} 对应类别`,
  copy: '复制',
  copyAll: '复制全部（分号分隔）',
  addToWhitelist: '请把以下域名加入对应类别',
  detailHint: '建议',
  detailRaw: '原始信息',
  detailTiming: '耗时',
  statusPass: '通过',
  statusWarn: '警告',
  statusFail: '失败',
  statusSkipped: '跳过',
  statusPending: '等待',
  idleHint: '点击“开始检测”，逐个探测所需域名',
  history: '历史记录',
  caveatHttp: '服务器可达，但拒绝了 WebSocket 升级（不是白名单或网络问题）',
  caveatSlow: '响应较慢',
  shareTitle: '发给技术支持',
  copyText: '复制结果文本',
  sendFile: '发送 JSON 文件',
  shareCard: '分享卡片',
  skipDeadline: '未检测：已到运行总时限（减少检测类别或缩短单项超时后重试）',
  skipCancelled: '未检测：已取消',
  localStorageLabel: '本地存储写入失败',
  localStorageHint:
    '没能在本机写入上传检测用的小文件：小程序本地文件空间（与宿主共用 200 MB）已满或不可写。清理小程序缓存文件后重试；这不是网络或白名单问题',
}

export type Strings = typeof zh

const en: Strings = {
  title: 'ZIM server domain check',
  subtitle: 'Can this device reach the domains the ZIM SDK needs whitelisted?',
  sdkLabel: 'SDK version',
  sdkPlaceholder: 'e.g. 2.13.0, latest, all',
  rangePicker: 'Pick a documented range',
  categoriesLabel: 'Categories',
  timeoutLabel: 'Timeout per probe',
  start: 'Start',
  cancel: 'Cancel',
  rerunFailed: 'Retry failed',
  rerunAll: 'Run again',
  envTitle: 'Environment',
  envWechat: 'WeChat',
  envBaseLib: 'Base library',
  envDevice: 'Device',
  envNetwork: 'Network',
  envApp: 'Mini-program',
  progress: 'Progress',
  resultsTitle: 'Results',
  whitelistTitle: 'Domain whitelist',
  whitelistHint: `Paste into ${CONSOLE_DOMAINS}, under the matching category`,
  copy: 'Copy',
  copyAll: 'Copy all (;-joined)',
  addToWhitelist: 'Add these domains to their categories',
  detailHint: 'What to do',
  detailRaw: 'Raw message',
  detailTiming: 'Timing',
  statusPass: 'pass',
  statusWarn: 'warning',
  statusFail: 'failed',
  statusSkipped: 'skipped',
  statusPending: 'waiting',
  idleHint: 'Tap Start to probe each domain',
  history: 'History',
  caveatHttp: 'Host reached, but it refused the WebSocket upgrade (not a whitelist or network problem)',
  caveatSlow: 'slow answer',
  shareTitle: 'Send to support',
  copyText: 'Copy as text',
  sendFile: 'Send JSON file',
  shareCard: 'Share a card',
  skipDeadline: 'not probed: the run deadline was reached (retry with fewer categories or a shorter timeout)',
  skipCancelled: 'not probed: cancelled',
  localStorageLabel: 'local storage write failed',
  localStorageHint:
    'The small upload probe file could not be written: the mini-program’s local file space (200 MB, shared with the host) is full or not writable. Free cached files and retry; this is not a network or whitelist problem',
}

export const STRINGS: Record<Lang, Strings> = { zh, en }

/** Said once about a run, beside its rows (store/notices.ts fills them in). */
export const NOTICE_TEXT: Record<
  'host_sockets' | 'background' | 'deadline_grown' | 'local_storage' | 'paused',
  Bilingual
> = {
  host_sockets: {
    zh: '宿主小程序自己占用了 {held} 个 WebSocket 连接（{name}最多 {max} 个）：本次只用 {opened} 个并发检测 socket 域名',
    en: "The host app holds {held} WebSocket connection(s) of {name}'s {max}: socket domains were probed {opened} at a time",
  },
  background: {
    zh: '小程序切到后台时有 {requeued} 项被{name}中断，回到前台后已重新检测；检测时请保持页面在前台',
    en: '{requeued} probe(s) were interrupted by {name} while in the background and ran again on return; keep the page open while checking',
  },
  deadline_grown: {
    zh: '为保证每项都有完整的超时时间，总时限延长为 {seconds} 秒',
    en: 'The run deadline was extended to {seconds} s so every probe gets its full timeout',
  },
  local_storage: {
    zh: '本机文件空间已满或不可写：uploadFile 域名未能检测，不是网络问题',
    en: 'Local file space full or not writable: uploadFile domains were not tested; not a network problem',
  },
  paused: {
    zh: '小程序在后台：检测已暂停，回到前台后继续（请保持页面打开）',
    en: 'The mini-program is in the background: the check is paused and resumes when you return (keep the page open)',
  },
}

/** The host-sockets setting before the platform said anything (`{name}`: PLATFORM_NAMES; every platform allows 5). */
export const HOST_SOCKETS_SET: Bilingual = {
  zh: '已按宿主占用 {held} 个 WebSocket 连接设置并发（{name}最多 5 个）',
  en: 'Probing with {held} WebSocket connection(s) left to the host app ({name} allows 5)',
}

/**
 * The panel's words that name WeChat, on another platform (`{name}`: PLATFORM_NAMES, `{console}`:
 * PLATFORM_CONSOLES): the environment's app version and where the whitelist is pasted.
 */
export const PLATFORM_WORDS: Record<'envWechat' | 'whitelistHint', Bilingual> = {
  envWechat: { zh: '{name}版本', en: '{name}' },
  whitelistHint: { zh: '复制后粘贴到 {console}', en: 'Paste into {console}' },
}

/** The host-requests setting (the panel's `host-requests`). */
export const HOST_REQUESTS_SET: Bilingual = {
  zh: '已为宿主小程序留出 {held} 个网络请求名额，检测期间宿主的请求不会被拒绝',
  en: '{held} request slot(s) left to the host app: its own requests are not refused during the check',
}

const PRIVACY_GUIDE = '小程序后台 > 设置 > 服务内容声明 > 用户隐私保护指引'

/** Copying and sending a report (platform/send-report.ts). `{m}`: the platform's message. */
export const SEND_TEXT = {
  zh: {
    copied: '结果已复制，可直接粘贴给技术支持',
    privacy112: `无法写入剪贴板：小程序的《用户隐私保护指引》没有声明“剪切板”（errno 112）。请小程序管理员在 ${PRIVACY_GUIDE} 中加入剪切板并等审核生效；现在可改用“发送 JSON 文件”或“分享卡片”`,
    privacy104:
      '无法写入剪贴板：你还没有同意本小程序的隐私保护指引（errno 104）。同意隐私授权后再点一次；也可改用“发送 JSON 文件”或“分享卡片”',
    clipboard: '无法写入剪贴板：{m}。请改用“发送 JSON 文件”或“分享卡片”',
    fileSent: '报告文件已发送',
    fileUnsupported:
      '当前环境不支持发送文件（电脑端微信或基础库低于 2.16.1）。请改用“复制结果文本”或“分享卡片”',
    fileWrite: '无法保存报告文件：{m}',
    fileFail: '发送文件失败：{m}',
  },
  en: {
    copied: 'Results copied: paste them to support',
    privacy112: `Could not write to the clipboard: this mini-program’s privacy guide does not declare the clipboard (errno 112). Its admin must add 剪切板 under ${PRIVACY_GUIDE} and wait for the review; meanwhile send the JSON file or share a card`,
    privacy104:
      'Could not write to the clipboard: you have not agreed to this mini-program’s privacy guide (errno 104). Agree to the privacy prompt and tap again, or send the JSON file or share a card',
    clipboard: 'Could not write to the clipboard: {m}. Send the JSON file or share a card instead',
    fileSent: 'Report file sent',
    fileUnsupported:
      'Sending files is not available here (WeChat on PC, or base library below 2.16.1). Copy the text or share a card instead',
    fileWrite: 'Could not save the report file: {m}',
    fileFail: 'Sending the file failed: {m}',
  },
}

/**
 * Sharing on Alipay, Douyin, Baidu and QQ (platform/shared/send-report-other.ts; not in the WeChat bundle):
 * none of them is documented to send a file into a chat as wx.shareFileMessage does (docs/platforms.md).
 */
export const OTHER_PLATFORM_SEND_TEXT = {
  zh: { fileNotOnPlatform: '此平台不支持发送文件。请改用“复制结果文本”或“分享卡片”' },
  en: {
    fileNotOnPlatform:
      'Sending a file is not available on this platform. Copy the text or share a card instead',
  },
}

// — panel (issue 15)

/** The panel's words added with issue 15 (problems first, causes, per-row actions, report page, history). */
const panelZh = {
  statusRunning: '检测中',
  statusPassUnchecked: '通过（未校验）',
  causesTitle: '原因汇总',
  readyTitle: '各功能可用情况',
  ready: '{n}/{m} 可达',
  showRows: '展开',
  hideRows: '收起',
  retestRow: '重测此项',
  copyRow: '复制此项',
  cellular: '所有域名在移动网络（{net}）下都失败：请连 Wi-Fi 后再试',
  copyAll: '复制全部（每个类别一段）',
  localTime: '本地时间',
  retestHere: '在我的手机上重测',
  fileCancelled: '已取消发送文件',
}

export type PanelStrings = typeof panelZh

const panelEn: PanelStrings = {
  statusRunning: 'checking',
  statusPassUnchecked: 'pass (not checked)',
  causesTitle: 'Likely causes',
  readyTitle: 'Readiness by purpose',
  ready: '{n} of {m} reachable',
  showRows: 'Show',
  hideRows: 'Hide',
  retestRow: 'Retest',
  copyRow: 'Copy row',
  cellular: 'Every host fails on cellular ({net}): try Wi-Fi',
  copyAll: 'Copy all (a block per category)',
  localTime: 'Local time',
  retestHere: 'Retest on my phone',
  fileCancelled: 'Sending the file was cancelled',
}

export const PANEL_TEXT: Record<Lang, PanelStrings> = { zh: panelZh, en: panelEn }

/** The history page's words (pages/history): kept apart, so the panel's bundle does not carry them. */
export const HISTORY_TEXT: Record<Lang, { empty: string; remove: string; counts: string }> = {
  zh: {
    empty: '还没有检测记录',
    remove: '删除',
    counts: '通过 {pass} · 警告 {warn} · 失败 {fail} · 跳过 {skipped}',
  },
  en: {
    empty: 'No runs yet',
    remove: 'Delete',
    counts: '{pass} pass · {warn} warn · {fail} fail · {skipped} skipped',
  },
}
