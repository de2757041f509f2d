/**
 * 订阅消息 consent (weapp only). WeChat shows the consent sheet only when asked from a
 * tap, so call this first thing in the tap handler (before any await) and don't wait
 * for it. Skipped silently on h5 and when no template ids were configured.
 */
import Taro from '@tarojs/taro'

export type Audience = 'resident' | 'handler'

export function templatesFor(audience: Audience): string[] {
  try {
    const all = typeof SUBSCRIBE_TEMPLATES === 'object' && SUBSCRIBE_TEMPLATES !== null ? SUBSCRIBE_TEMPLATES : null
    return all?.[audience] ?? []
  } catch {
    return [] // not defined in this build
  }
}

export function askSubscribe(audience: Audience): void {
  if (process.env.TARO_ENV !== 'weapp') return
  const tmplIds = templatesFor(audience)
  if (tmplIds.length === 0) return
  // The answer (accept/reject per template) is recorded by WeChat itself; the backend
  // learns about it when a send succeeds or fails. A refusal is not an error.
  Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option).catch(() => undefined)
}
