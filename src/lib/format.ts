/** Display helpers for times and durations (pure). Times are Beijing time wherever the screen is. */
import { beijing, formatBeijing, localDate } from '@domain/time/beijing'

/** "3月2日 09:05"; with the year when it is not this year. */
export function formatTime(ms: number, now: number = Date.now()): string {
  const sameYear = beijing(ms).year() === beijing(now).year()
  return formatBeijing(ms, sameYear ? 'M月D日 HH:mm' : 'YYYY年M月D日 HH:mm')
}

/** "2小时15分", "3天4小时", "不到1分钟". */
export function formatDuration(ms: number): string {
  const min = Math.floor(Math.max(0, ms) / 60_000)
  if (min < 1) return '不到1分钟'
  if (min < 60) return `${min}分钟`
  const h = Math.floor(min / 60)
  if (h < 24) return min % 60 ? `${h}小时${min % 60}分` : `${h}小时`
  const d = Math.floor(h / 24)
  return h % 24 ? `${d}天${h % 24}小时` : `${d}天`
}

/** "刚刚", "5分钟前", "3小时前", "昨天 18:20", else the date. */
export function formatAgo(ms: number, now: number = Date.now()): string {
  const diff = now - ms
  if (diff < 60_000) return '刚刚'
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)}分钟前`
  if (diff < 86_400_000 && localDate(ms) === localDate(now)) return `${Math.floor(diff / 3_600_000)}小时前`
  if (localDate(ms) === localDate(now - 86_400_000)) return `昨天 ${formatBeijing(ms, 'HH:mm')}`
  return formatTime(ms, now)
}

/** Characters as the server counts them (trimmed, UTF-16 units: a CJK character is one). */
export function charCount(s: string): number {
  return s.trim().length
}
