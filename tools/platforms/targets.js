'use strict'
/**
 * The mini-program platforms a build targets, as data: file extensions, the template dialect, the global
 * their API lives under and the project file their IDE opens. Sources in docs/platforms.md ("Templates and
 * projects"); what no source confirmed is marked there.
 */

/** @typedef {'wechat' | 'alipay' | 'douyin' | 'baidu' | 'qq' | 'xhs'} Target */

const TARGETS = {
  wechat: {
    global: 'wx',
    ext: { template: '.wxml', style: '.wxss' },
    prefix: 'wx:',
    dialect: 'wx',
    project: 'project.config.json',
  },
  alipay: {
    global: 'my',
    ext: { template: '.axml', style: '.acss' },
    prefix: 'a:',
    dialect: 'alipay',
    project: 'mini.project.json',
  },
  douyin: {
    global: 'tt',
    ext: { template: '.ttml', style: '.ttss' },
    prefix: 'tt:',
    dialect: 'wx',
    project: 'project.config.json',
  },
  baidu: {
    global: 'swan',
    ext: { template: '.swan', style: '.css' },
    prefix: 's-',
    dialect: 'swan',
    project: 'project.swan.json',
  },
  qq: {
    global: 'qq',
    ext: { template: '.qml', style: '.qss' },
    prefix: 'qq:',
    dialect: 'wx',
    project: 'project.config.json',
  },
  // Xiaohongshu: XHSML (.xhsml) with xhs:if / xhs:elif / xhs:else / xhs:for…, stylesheets in .css, the IDE's
  // project.config.json (public code that targets it: NervJS/taro-plugin-platform-xhs src/program.ts and
  // src/template.ts, dcloudio/uni-app packages/uni-mp-xhs/src/compiler/options.ts; docs/platforms.md X8).
  xhs: {
    global: 'xhs',
    ext: { template: '.xhsml', style: '.css' },
    prefix: 'xhs:',
    dialect: 'wx',
    project: 'project.config.json',
  },
}

const TARGET_NAMES = Object.keys(TARGETS)

/** The target named on a command line, or an error sentence listing the valid ones. */
function targetOf(name) {
  if (typeof name === 'string' && Object.prototype.hasOwnProperty.call(TARGETS, name))
    return { ok: true, name }
  const shown = name === undefined ? 'nothing' : `"${name}"`
  return { ok: false, error: `--platform needs one of ${TARGET_NAMES.join(', ')} (got ${shown})` }
}

module.exports = { TARGETS, TARGET_NAMES, targetOf }
