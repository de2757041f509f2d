import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // The cloud SDK is initialised lazily by services/cloud.ts on the first call.
  })

  // children 是将要会渲染的页面
  return children
}

export default App
