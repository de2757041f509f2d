/** 适老化大字模式: a device-local preference kept in Taro storage. */
import Taro from '@tarojs/taro'
import { EVENTS } from './events'

export const LARGE_FONT_KEY = 'redgrid.largeFont'

export function isLargeFont(): boolean {
  try {
    const v: unknown = Taro.getStorageSync(LARGE_FONT_KEY)
    return v === true || v === 'true' || v === 1 || v === '1'
  } catch {
    return false
  }
}

export function setLargeFont(on: boolean): void {
  try {
    Taro.setStorageSync(LARGE_FONT_KEY, on)
  } catch {
    // Storage full or unavailable: the mode still applies for this session.
  }
  Taro.eventCenter.trigger(EVENTS.largeFontChanged, on)
}
