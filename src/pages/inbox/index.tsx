import { View, Text } from '@tarojs/components'
import PageShell from '../../components/page-shell'
import { Empty } from '../../components/state-view'

/** 消息 — notifications (办理进度、回访、审批结果). */
export default function Inbox() {
  return (
    <PageShell className='inbox' testId='page-inbox'>
      <View className='page-header'>
        <Text className='page-header__title'>消息</Text>
        <Text className='page-header__sub muted'>办理进度、回访和审批结果会通知您</Text>
      </View>
      <Empty title='暂无消息' hint='有新的进展时会在这里提醒您。' />
    </PageShell>
  )
}
