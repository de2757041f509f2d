import { View, Text, Button } from '@tarojs/components'
import PageShell from '../../components/page-shell'
import { Empty } from '../../components/state-view'
import { go } from '../../lib/nav'

/** 我的诉求 — the resident's own orders (list arrives with the orders function). */
export default function Orders() {
  return (
    <PageShell className='orders' testId='page-orders'>
      <View className='page-header'>
        <Text className='page-header__title'>我的诉求</Text>
        <Text className='page-header__sub muted'>您反映的问题和办理进度都在这里</Text>
      </View>
      <Empty title='还没有诉求' hint='遇到问题，扫描楼栋门口的二维码就能反映。' />
      <Button className='btn btn--primary' data-testid='orders-go-scan' onClick={() => go('/pages/scan/index')}>
        扫码报事
      </Button>
    </PageShell>
  )
}
