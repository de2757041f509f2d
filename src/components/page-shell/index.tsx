import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import { useLargeFont } from '@/hooks/use-large-font'
import './index.scss'

interface PageShellProps {
  /** Extra class for the page root, e.g. "home". */
  className?: string
  /** Stable test id for the page root. */
  testId?: string
}

/**
 * Root of every page: base typography, and the 适老化 large-font class
 * (`page--large`) when the user turned it on.
 */
export default function PageShell({ className, testId, children }: PropsWithChildren<PageShellProps>) {
  const [large] = useLargeFont()
  const cls = ['page', large ? 'page--large' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <View className={cls} data-testid={testId}>
      {children}
    </View>
  )
}
