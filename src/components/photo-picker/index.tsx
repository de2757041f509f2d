import { View, Text, Image } from '@tarojs/components'
import type { PhotoUploads } from '@/hooks/use-photo-uploads'
import './index.scss'

/** Up to `max` photos with previews, upload status, remove (×) and an add tile. */
export default function PhotoPicker({ photos, testId = 'photo-picker' }: { photos: PhotoUploads; testId?: string }) {
  const { items, max } = photos
  return (
    <View className='photo-picker' data-testid={testId}>
      {items.map((it) => (
        <View key={it.key} className={`photo-picker__item photo-picker__item--${it.status}`} data-testid='photo-item' data-status={it.status}>
          <Image className='photo-picker__img' src={it.preview} mode='aspectFill' />
          {it.status === 'uploading' ? (
            <View className='photo-picker__veil'>
              <Text>上传中…</Text>
            </View>
          ) : null}
          {it.status === 'error' ? (
            <View className='photo-picker__veil photo-picker__veil--error' onClick={() => photos.retry(it.key)}>
              <Text>上传失败</Text>
              <Text className='photo-picker__retry'>点此重试</Text>
            </View>
          ) : null}
          <View className='photo-picker__remove' data-testid='photo-remove' onClick={() => photos.remove(it.key)}>
            <Text>×</Text>
          </View>
        </View>
      ))}
      {items.length < max ? (
        <View className='photo-picker__add' hoverClass='photo-picker__add--pressed' data-testid='photo-add' onClick={() => void photos.add()}>
          <Text className='photo-picker__plus'>+</Text>
          <Text className='photo-picker__add-text'>{items.length === 0 ? '拍照/选图' : `还可加${max - items.length}张`}</Text>
        </View>
      ) : null}
      {items.some((i) => i.status === 'error') ? (
        <Text className='photo-picker__error'>{items.find((i) => i.status === 'error')?.error ?? '照片上传失败'}</Text>
      ) : null}
    </View>
  )
}
