/**
 * Text a person reads, zh-CN first and English second, placeholders `{name}` filled by fill(). One home in six
 * parts, by who reads them, so a bundle takes the part it uses (test/core/text-home.test.ts keeps Chinese text
 * in these files):
 *
 *   text-base.ts       fill(), Bilingual, the WeChat console path, langFromWechat
 *   text-report.ts     a report's words, for every reader: labels, hints, verdicts, resolver, enforcement
 *   text-panel.ts      the mini-program's own words: panel, notices, sending, history page
 *   text-consoles.ts   each platform's console (core/platforms.ts; the panel on another platform)
 *   text-cli.ts        the CLI's, the viewer's and support's: markdown report, proxy findings, whitelist diff
 *   text-send.ts       the panel's "send to support": the action, what it sends, each outcome
 *
 * and one imported from its own file, not from here (the panel reaches this index): text-view.ts, the report
 * page's messages and the share codec's trimmed-card line.
 */
export * from './text-base'
export * from './text-report'
export * from './text-panel'
export * from './text-consoles'
export * from './text-cli'
export * from './text-send'
