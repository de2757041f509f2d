import type { ShiftView } from '@/services/checkins'
import { addDays, localDate } from '@domain/time/beijing'

/** "今天" / "明天" / "周六" for a shift, from the (server) now. */
export function dayWord(shift: Pick<ShiftView, 'date' | 'weekday'>, now: number): string {
  const today = localDate(now)
  if (shift.date === today) return '今天'
  if (shift.date === addDays(today, 1)) return '明天'
  if (shift.date === addDays(today, 2)) return '后天'
  return shift.weekday
}

/** "正在值班" + "今天 08:00–12:00", or "下一班" + "周六 08:00". */
export function nextShiftLine(shift: ShiftView, now: number): { running: boolean; tag: string; when: string; text: string } {
  const running = shift.start <= now && now < shift.end
  const tag = running ? '正在值班' : '下一班'
  const when = running ? `${dayWord(shift, now)} ${shift.startLabel}–${shift.endLabel}` : `${dayWord(shift, now)} ${shift.startLabel}`
  return { running, tag, when, text: `${tag}：${when}` }
}

/** "文汇社区红色驿站" → "红色驿站" inside 文汇社区 (the member's own community goes without saying). */
export function shortStation(stationName: string, communityName?: string): string {
  return communityName && stationName.startsWith(communityName) && stationName.length > communityName.length ? stationName.slice(communityName.length) : stationName
}

/** The volunteer may open the duty screen of this shift's station (from an hour before to its end). */
export function onDuty(shift: Pick<ShiftView, 'start' | 'end'>, now: number): boolean {
  return shift.start - 60 * 60_000 <= now && now < shift.end
}

/** "3月7日" from 'YYYY-MM-DD'. */
export function monthDay(date: string): string {
  const [, m, d] = date.split('-')
  return `${Number(m)}月${Number(d)}日`
}
