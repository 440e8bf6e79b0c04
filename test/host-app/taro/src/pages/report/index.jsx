import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'

export default function Report() {
  const { params } = useRouter()
  useShareAppMessage(() => Taro.getCurrentInstance().page.selectComponent('#rv').shareMessage())
  return <report-view id="rv" r={params.r || ''} reportId={params.id ? decodeURIComponent(params.id) : ''} />
}
