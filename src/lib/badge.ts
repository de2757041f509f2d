/** The unread-message count on the 消息 tab (index 2 in app.config.ts tabBar.list). */
import Taro from '@tarojs/taro'

export const INBOX_TAB_INDEX = 2

/** Show `unread` on the 消息 tab ("99+" above 99), or clear it. Fails quietly off a tab page. */
export function showUnreadBadge(unread: number): void {
  const done = (p: Promise<unknown> | undefined): void => {
    p?.catch(() => undefined)
  }
  try {
    if (unread > 0) done(Taro.setTabBarBadge({ index: INBOX_TAB_INDEX, text: unread > 99 ? '99+' : String(unread) }))
    else done(Taro.removeTabBarBadge({ index: INBOX_TAB_INDEX }))
  } catch {
    // not on a tab page (weapp) or no tab bar mounted (h5)
  }
}
