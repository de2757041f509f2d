/** Display helpers for times and durations (pure). */

const pad = (n: number): string => String(n).padStart(2, '0')

/** "3月2日 09:05"; with the year when it is not this year. */
export function formatTime(ms: number, now: number = Date.now()): string {
  const d = new Date(ms)
  const sameYear = d.getFullYear() === new Date(now).getFullYear()
  const date = `${d.getMonth() + 1}月${d.getDate()}日`
  return `${sameYear ? '' : `${d.getFullYear()}年`}${date} ${pad(d.getHours())}:${pad(d.getMinutes())}`
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
  if (diff < 86_400_000 && new Date(ms).getDate() === new Date(now).getDate()) return `${Math.floor(diff / 3_600_000)}小时前`
  const y = new Date(now)
  y.setDate(y.getDate() - 1)
  const d = new Date(ms)
  if (d.getFullYear() === y.getFullYear() && d.getMonth() === y.getMonth() && d.getDate() === y.getDate()) {
    return `昨天 ${pad(d.getHours())}:${pad(d.getMinutes())}`
  }
  return formatTime(ms, now)
}

/** Characters as the server counts them (trimmed, UTF-16 units: a CJK character is one). */
export function charCount(s: string): number {
  return s.trim().length
}
