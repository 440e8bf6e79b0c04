/**
 * The words only the report page (components/report-view), share cards and the share codec read: not
 * re-exported by core/text.ts, whose parts the panel reaches, so that the panel's bundle does not carry them
 * (issue 31). zh-CN first, English second.
 */

/** The report viewer's messages (components/report-view). */
export const REPORT_VIEW_TEXT = {
  zh: {
    notFound: '找不到这份报告（可能已被删除）',
    bad: '无法打开分享的报告：',
    none: '没有可显示的报告',
    partial: '分享卡片只包含摘要和失败项',
  },
  en: {
    notFound: 'This report was not found (it may have been deleted)',
    bad: 'Cannot open the shared report: ',
    none: 'No report to show',
    partial: 'The shared card holds only the summary and failing rows',
  },
}

/** A shared card that holds only the summary and failing rows (core/share.ts). */
export const SHARE_TRIMMED =
  'This shared card holds only the summary and failing rows ({kept} of {total} results) / 分享卡片只包含摘要和失败项（{total} 项中的 {kept} 项）'

/** A share card's title (core/share-title.ts): at most 30 characters. */
export const CARD_TITLE_TEXT = {
  zh: {
    fail: 'ZIM {sdk} 检测：{fail}/{total} 项失败',
    ok: 'ZIM {sdk} 检测：{total} 项无失败',
    none: 'ZIM 服务器域名检测',
  },
  en: {
    fail: 'ZIM {sdk}: {fail} of {total} failed',
    ok: 'ZIM {sdk}: none of {total} failed',
    none: 'ZIM server domain check',
  },
}
