#!/usr/bin/env node
'use strict'
// Offline WXML/WXSS check of the whole app with WeChat's own compilers (wcc/wcsc, shipped in
// miniprogram-compiler): catches the template errors DevTools would show. Exit 1 on any error.
const path = require('node:path')
const { wxmlToJs, wxssToJs } = require('miniprogram-compiler')

const root = path.join(__dirname, '..', 'miniprogram')
const ignore = ['miniprogram_npm/**']
// glob comes with miniprogram-compiler; resolve it from there rather than rely on hoisting.
const glob = require(
  require.resolve('glob', { paths: [path.dirname(require.resolve('miniprogram-compiler'))] }),
)
const wxmlList = glob.sync('**/*.wxml', { cwd: root, nodir: true, ignore })
const wxssList = glob.sync('**/*.wxss', { cwd: root, nodir: true, ignore })
try {
  wxmlToJs(root, { wxmlList, wxsList: [] })
  wxssToJs(root, { wxssList })
  console.log(`wxml/wxss check: ${wxmlList.length} wxml and ${wxssList.length} wxss files compile`)
} catch (e) {
  console.error(`wxml/wxss check failed: ${String((e && e.message) || e).trim()}`)
  process.exitCode = 1
}
