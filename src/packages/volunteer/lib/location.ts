import Taro from '@tarojs/taro'
import type { CheckOutInput, LocationInput } from '@/services/checkins'
import { wgs84ToGcj02 } from './gcj'

export type Located =
  | { ok: true; location: LocationInput }
  | { ok: false; denied: boolean; message: string }

const TIMEOUT_MS = 12_000

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject({ errMsg: 'getLocation:fail timeout' }), ms)
    p.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })

const errText = (e: unknown): string =>
  typeof e === 'object' && e !== null && typeof (e as { errMsg?: unknown }).errMsg === 'string'
    ? (e as { errMsg: string }).errMsg
    : e instanceof Error
      ? e.message
      : String(e)

/**
 * Where the phone is, in GCJ-02 (the stations' fences use it). weapp asks WeChat for
 * `gcj02` directly (declared in app.config.ts `requiredPrivateInfos`); H5 asks the
 * browser, which answers in WGS-84, and converts. Never throws.
 */
export async function locate(): Promise<Located> {
  const weapp = process.env.TARO_ENV === 'weapp'
  try {
    const res = await withTimeout(
      Taro.getLocation({ type: weapp ? 'gcj02' : 'wgs84', isHighAccuracy: true, highAccuracyExpireTime: 5000 }),
      TIMEOUT_MS,
    )
    const raw = { lat: res.latitude, lng: res.longitude }
    const p = weapp ? raw : wgs84ToGcj02(raw)
    const location: LocationInput = { lat: round(p.lat), lng: round(p.lng) }
    if (typeof res.accuracy === 'number' && Number.isFinite(res.accuracy) && res.accuracy >= 0) {
      location.accuracy = Math.min(100_000, Math.round(res.accuracy))
    }
    return { ok: true, location }
  } catch (e) {
    const msg = errText(e)
    const denied = /auth|deny|denied|permission|authorize/i.test(msg)
    return {
      ok: false,
      denied,
      message: denied ? '没有获得位置权限。请在设置里允许“红色网格”使用位置信息后重试' : '暂时获取不到您的位置，请到开阔处或打开手机定位后重试',
    }
  }
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6

/** weapp: open the permission settings (after a denial). No-op elsewhere. */
export function openLocationSettings(): void {
  if (process.env.TARO_ENV !== 'weapp') return
  void Taro.openSetting().catch(() => undefined)
}

/** 签退 sends where the phone is: weapp's location (checked against the fence), or on H5 only that it is H5 (a browser's location is not trusted). */
export async function whereForCheckout(): Promise<CheckOutInput> {
  if (process.env.TARO_ENV !== 'weapp') return { client: 'h5' }
  const where = await locate()
  return where.ok ? { client: 'weapp', location: where.location } : { client: 'weapp' }
}
