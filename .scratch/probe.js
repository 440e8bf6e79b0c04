const { build } = require('esbuild')
async function m(entry, extra={}) {
  const r = await build({ entryPoints: [entry], bundle: true, write: false, format: 'cjs', platform: 'neutral', mainFields: ['module','main'], target: 'es2017', define: { 'process.env.NODE_ENV': '"production"' }, minify: true, metafile: true, logLevel: 'error', ...extra })
  const ins = Object.values(r.metafile.outputs)[0].inputs
  console.log(entry, r.outputFiles[0].contents.length, Object.entries(ins).filter(([f])=>f.includes('node_modules')).reduce((a,[,i])=>a+i.bytesInOutput,0))
}
(async()=>{
 await m('miniprogram/components/netcheck-panel/index.ts')
 await m('miniprogram/components/netcheck-panel/index.ts', {target:'es2018'})
 await m('miniprogram/components/report-view/index.ts')
 await m('miniprogram/package/share.ts')
})()
;(async()=>{
 const path=require('path')
 const alias={'mobx-miniprogram': path.resolve('node_modules/mobx-miniprogram/dist/mobx.esm.production.min.js')}
 await m('miniprogram/components/netcheck-panel/index.ts', {alias})
 const r = await build({ entryPoints: ['miniprogram/components/netcheck-panel/index.ts','miniprogram/components/report-view/index.ts','miniprogram/package/share.ts'], bundle: true, write: false, format: 'esm', splitting:true, outdir:'/tmp/split', platform: 'neutral', mainFields: ['module','main'], target: 'es2017', define: { 'process.env.NODE_ENV': '"production"' }, minify: true, metafile: true, logLevel: 'error', alias })
 for (const f of r.outputFiles) console.log(path.basename(f.path), f.contents.length)
 for (const [o,info] of Object.entries(r.metafile.outputs)) { console.log(o, Object.entries(info.inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput).slice(0,12).map(([f,i])=>f.replace('node_modules/','')+':'+i.bytesInOutput).join(' ')) }
})()
;(async()=>{
 const path=require('path')
 const alias={'mobx-miniprogram': path.resolve('node_modules/mobx-miniprogram/src/mobx.ts')}
 const r = await build({ entryPoints: ['miniprogram/components/netcheck-panel/index.ts'], bundle: true, write: false, format: 'cjs', platform: 'neutral', mainFields: ['module','main'], target: 'es2017', define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' }, minify: true, metafile: true, logLevel: 'error', alias })
 const ins = Object.values(r.metafile.outputs)[0].inputs
 console.log('SRC', r.outputFiles[0].contents.length, Object.entries(ins).filter(([f])=>f.includes('mobx-miniprogram/')).reduce((a,[,i])=>a+i.bytesInOutput,0))
 console.log(Object.entries(ins).filter(([f])=>f.includes('mobx-miniprogram/')).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput).slice(0,25).map(([f,i])=>f.replace('node_modules/mobx-miniprogram/src/','')+':'+i.bytesInOutput).join(' '))
})()
