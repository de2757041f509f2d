import type { PropsWithChildren } from 'react'
import './app.scss'

/** The app shell: pages render inside it. The cloud SDK starts lazily on the first call (services/cloud.ts). */
function App({ children }: PropsWithChildren) {
  return children
}

export default App
