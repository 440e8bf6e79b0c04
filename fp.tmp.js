const { build } = require('esbuild')
build({ entryPoints: ['miniprogram/components/netcheck-panel/index.ts'], bundle: true, write: false, minify: true, format: 'cjs', target: 'es2018', external: ['semver','mobx-miniprogram','mobx-miniprogram-bindings'], metafile: true, logLevel: 'error' }).then(r => {
  const out = Object.values(r.metafile.outputs)[0]
  console.log('total code', r.outputFiles[0].contents.length)
  for (const [f, i] of Object.entries(out.inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput).slice(0,12)) console.log(f, i.bytesInOutput)
})
