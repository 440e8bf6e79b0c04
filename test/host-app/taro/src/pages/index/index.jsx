import { useRef } from 'react'
import { useShareAppMessage } from '@tarojs/taro'
import { shareCard } from 'zim-netcheck/miniprogram_dist/share.js'

export default function Index() {
  const report = useRef(null)
  useShareAppMessage(() => (report.current ? shareCard(report.current, '/pages/report/index') : {}))
  return (
    <netcheck-panel
      id="nc"
      sdk="2.13.0"
      hostSockets={1}
      canary="false"
      onReport={(e) => {
        report.current = e.detail.report
      }}
    />
  )
}
