import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { EVENTS } from '../lib/events'
import { isLargeFont, setLargeFont } from '../lib/large-font'

/** The 大字模式 preference, kept in sync across every mounted page. */
export function useLargeFont(): [boolean, (on: boolean) => void] {
  const [large, setLarge] = useState<boolean>(() => isLargeFont())

  useEffect(() => {
    const onChange = (on: boolean): void => setLarge(on)
    Taro.eventCenter.on(EVENTS.largeFontChanged, onChange)
    // Another page may have toggled it between our first render and now.
    setLarge(isLargeFont())
    return () => {
      Taro.eventCenter.off(EVENTS.largeFontChanged, onChange)
    }
  }, [])

  const set = useCallback((on: boolean) => setLargeFont(on), [])
  return [large, set]
}
