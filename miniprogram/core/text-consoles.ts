import { PlatformId } from './vocabulary'
import { Bilingual } from './text-base'

/** Each platform's console, where its whitelist is edited (core/platforms.ts keeps them with its rules). */

/** Where each platform's whitelist is edited (core/platforms.ts; the panel names it in the not-whitelisted hint). */
export const PLATFORM_CONSOLES: Record<PlatformId, Bilingual> = {
  wechat: {
    zh: '小程序后台 > 开发 > 开发设置 > 服务器域名',
    en: 'mp.weixin.qq.com > 开发 > 开发设置 > 服务器域名',
  },
  qq: {
    zh: 'QQ 小程序管理后台 > 开发 > 开发设置 > 服务器域名',
    en: 'q.qq.com > 开发 > 开发设置 > 服务器域名',
  },
  douyin: {
    zh: '抖音开放平台 > 开发 > 开发配置 > 域名管理',
    en: 'Douyin open platform > 开发 > 开发配置 > 域名管理',
  },
  baidu: {
    zh: '百度智能小程序开发者平台 > 设置 > 开发设置 > 服务器域名',
    en: 'smartprogram.baidu.com > 设置 > 开发设置 > 服务器域名',
  },
  alipay: {
    zh: '支付宝小程序管理中心 > 小程序详情 > 设置 > 开发设置 > 服务器域名白名单',
    en: 'Alipay mini-program console > 小程序详情 > 设置 > 开发设置 > 服务器域名白名单',
  },
  // The path inside the console is not on any page read (docs/platforms.md, X5): the console is named alone.
  xhs: {
    zh: '小红书小程序开放平台（miniapp.xiaohongshu.com）的服务器域名设置',
    en: 'the server-domain settings of the Xiaohongshu mini-program open platform (miniapp.xiaohongshu.com)',
  },
}

/** Alipay's one list, of host names only (core/platforms.ts). */
export const ALIPAY_LIST_LABEL: Bilingual = { zh: '服务器域名白名单', en: 'server domain whitelist' }
