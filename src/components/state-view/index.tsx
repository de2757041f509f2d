import { View, Text, Button } from '@tarojs/components'
import './index.scss'

/** "加载中…" with a skeleton, so a page is never blank while it waits. */
export function Loading({ text = '加载中…', rows = 3 }: { text?: string; rows?: number }) {
  return (
    <View className='state state--loading' data-testid='state-loading'>
      {Array.from({ length: rows }, (_, i) => (
        <View key={i} className='skeleton' />
      ))}
      <Text className='state__text muted'>{text}</Text>
    </View>
  )
}

/** An error with a 重试 button. */
export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View className='state state--error' data-testid='state-error'>
      <Text className='state__title'>出错了</Text>
      <Text className='state__text'>{message}</Text>
      {onRetry ? (
        <Button className='btn btn--primary state__retry' data-testid='retry' onClick={onRetry}>
          重试
        </Button>
      ) : null}
    </View>
  )
}

/** Nothing here yet. */
export function Empty({ title, hint }: { title: string; hint?: string }) {
  return (
    <View className='state state--empty' data-testid='state-empty'>
      <Text className='state__title'>{title}</Text>
      {hint ? <Text className='state__text muted'>{hint}</Text> : null}
    </View>
  )
}
