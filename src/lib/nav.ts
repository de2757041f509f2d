import Taro from '@tarojs/taro'

/** Pages on the tab bar (app.config.ts): they must be opened with switchTab. */
export const TAB_PAGES = ['/pages/index/index', '/pages/orders/index', '/pages/inbox/index', '/pages/me/index']

/** Open an app page by absolute path, picking switchTab or navigateTo. */
export function go(url: string): void {
  const path = url.split('?')[0]
  if (TAB_PAGES.includes(path)) {
    void Taro.switchTab({ url: path })
  } else {
    void Taro.navigateTo({ url })
  }
}
