// Taro 4 (React, webpack 5) for weapp. The package's mini-program files come from node_modules through Taro's
// own copy step, so they follow every `npm i zim-netcheck@…` (README, "Taro").
module.exports = function () {
  return {
    projectName: 'zim-netcheck-host-taro',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: 'dist',
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    copy: {
      patterns: [
        { from: 'node_modules/zim-netcheck/miniprogram_dist/', to: 'dist/components/zim-netcheck/' },
      ],
      options: {},
    },
    mini: { postcss: { pxtransform: { enable: true, config: {} } } },
  }
}
