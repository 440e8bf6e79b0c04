import { GapWarning, ResolveError, ResolveNotice } from './resolver'
import { CATALOG_TEXT, fill, purposeLabel } from './text'
import { Lang } from './vocabulary'

/** Human text for the resolver's notices, warnings and errors, zh first. */
export function formatResolveMessage(
  msg: ResolveNotice | GapWarning | ResolveError,
  lang: Lang = 'en',
): string {
  const zh = lang === 'zh'
  switch (msg.code) {
    case 'coerced':
      return zh
        ? `版本号 "${msg.input}" 不完整，按 ${msg.version} 处理`
        : `version "${msg.input}" is incomplete; treated as ${msg.version}`
    case 'prerelease':
      return zh
        ? `预发布版本 "${msg.input}" 按正式版 ${msg.version} 的域名处理`
        : `prerelease "${msg.input}" is matched as its release version ${msg.version}`
    case 'latest':
      return zh
        ? `latest 即文档最新范围「${msg.range}」，按 ${msg.version} 处理`
        : `latest is the newest documented range "${msg.range}"; resolved as ${msg.version}`
    case 'beyond':
      return fill(CATALOG_TEXT.beyond[lang], msg)
    case 'gap': {
      const purpose = { zh: purposeLabel(msg.purpose, 'zh'), en: purposeLabel(msg.purpose, 'en') }
      return zh
        ? `${msg.version} 处于文档未覆盖的区间：${purpose.zh}（${msg.purpose}）在「${msg.below}」与「${msg.above}」之间没有记录，两组域名都已列出`
        : `${msg.version} falls in a gap of the docs for ${purpose.en} (${msg.purpose}): between "${msg.below}" and "${msg.above}"; domains of both ranges are listed`
    }
    case 'empty':
      return zh
        ? '请输入 SDK 版本号，例如 2.13.0、latest 或 all'
        : 'no SDK version given: use e.g. 2.13.0, latest or all'
    case 'not_a_version':
      return zh
        ? `"${msg.input}" 不是有效的 SDK 版本号：请使用 x.y.z 形式，例如 2.13.0，或 latest / all`
        : `"${msg.input}" is not an SDK version: use x.y.z such as 2.13.0, or latest / all`
    case 'too_old':
      return zh
        ? `SDK ${msg.version} 早于文档记录的最早版本 ${msg.oldest}，没有可用的域名列表`
        : `SDK ${msg.version} is older than the oldest documented version ${msg.oldest}; no domain list exists for it`
  }
}
