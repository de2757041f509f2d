import Taro from '@tarojs/taro'
import { View, Image } from '@tarojs/components'
import './index.scss'

/** Read-only photos (order, 办结 proof): tap to view full screen. */
export default function PhotoStrip({ urls, testId = 'photos' }: { urls: string[]; testId?: string }) {
  if (urls.length === 0) return null
  const open = (current: string): void => {
    void Taro.previewImage({ urls, current }).catch(() => undefined)
  }
  return (
    <View className='photo-strip' data-testid={testId}>
      {urls.map((u) => (
        <Image key={u} className='photo-strip__img' src={u} mode='aspectFill' onClick={() => open(u)} />
      ))}
    </View>
  )
}
