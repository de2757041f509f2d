import { useState } from 'react'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { formatMinutes } from '@/components/volunteer-progress'
import { useMutation } from '@/hooks/use-mutation'
import { useResource } from '@/hooks/use-resource'
import { formatTime } from '@/lib/format'
import {
  points as loadPoints,
  redeem,
  rewards as loadRewards,
  type PointsView,
  type RedemptionView,
  type RewardView,
  type StatementLineView,
} from '@/services/checkins'
import './index.scss'

const PAGE = 20

/** 积分与兑换: balance and hours, rewards to redeem, my redemptions, and the statement with causes. */
export default function PointsPage() {
  const pts = useResource(() => loadPoints({ limit: PAGE }), [])
  const rws = useResource(() => loadRewards(), [])
  const [more, setMore] = useState<{ lines: StatementLineView[]; cursor: string | null; loading: boolean; error: string | null }>({
    lines: [],
    cursor: null,
    loading: false,
    error: null,
  })

  const refresh = async (): Promise<void> => {
    setMore({ lines: [], cursor: null, loading: false, error: null })
    await Promise.all([pts.reload(true), rws.reload(true)])
  }
  usePullDownRefresh(() => {
    void refresh().finally(() => void Taro.stopPullDownRefresh())
  })

  const data = pts.state.status === 'ready' ? pts.state.data : null
  const cursor = more.lines.length ? more.cursor : data?.nextCursor ?? null
  const loadMore = async (): Promise<void> => {
    if (!cursor || more.loading) return
    setMore((m) => ({ ...m, loading: true, error: null }))
    const env = await loadPoints({ limit: PAGE, cursor })
    setMore((m) =>
      env.ok
        ? { lines: [...m.lines, ...env.data.lines], cursor: env.data.nextCursor, loading: false, error: null }
        : { ...m, loading: false, error: env.error.message },
    )
  }

  return (
    <PageShell className='vpoints' testId='page-points'>
      <View className='page-header'>
        <Text className='page-header__title'>积分与兑换</Text>
        <Text className='page-header__sub muted'>以服务换积分，以积分换优惠</Text>
      </View>
      {pts.state.status === 'loading' ? <Loading rows={2} /> : null}
      {pts.state.status === 'error' ? <ErrorState message={pts.state.message} onRetry={() => void pts.reload()} /> : null}
      {data ? <Summary data={data} /> : null}

      <Text className='section-title'>可兑换的礼品</Text>
      {rws.state.status === 'loading' ? <Loading rows={2} text='正在加载礼品…' /> : null}
      {rws.state.status === 'error' ? <ErrorState message={rws.state.message} onRetry={() => void rws.reload()} /> : null}
      {rws.state.status === 'ready' && rws.state.data.length === 0 ? <Empty title='社区暂时没有可兑换的礼品' /> : null}
      {rws.state.status === 'ready'
        ? rws.state.data.map((r) => <Reward key={r.id} reward={r} balance={data?.balance ?? 0} onRedeemed={() => void refresh()} />)
        : null}

      {data && data.redemptions.length ? (
        <View>
          <Text className='section-title'>我的兑换</Text>
          <View className='card' data-testid='my-redemptions'>
            {data.redemptions.map((r) => (
              <Redemption key={r.id} r={r} />
            ))}
          </View>
        </View>
      ) : null}

      {data ? (
        <View>
          <Text className='section-title'>积分明细</Text>
          <View className='card' data-testid='statement'>
            {data.lines.length === 0 ? <Empty title='还没有积分记录' hint='到驿站签到服务、完成微心愿都能获得积分。' /> : null}
            {[...data.lines, ...more.lines].map((l) => (
              <Line key={`${l.txId}:${l.amount}`} line={l} />
            ))}
            {cursor ? (
              <Button className='btn btn--plain btn--block vpoints__more' data-testid='statement-more' onClick={() => void loadMore()}>
                {more.loading ? '正在加载…' : '加载更多'}
              </Button>
            ) : data.lines.length ? (
              <Text className='vpoints__end muted'>没有更多了</Text>
            ) : null}
            {more.error ? <Text className='field__error'>{more.error}</Text> : null}
          </View>
        </View>
      ) : null}
    </PageShell>
  )
}

function Summary({ data }: { data: PointsView }) {
  return (
    <View className='card vpoints-sum' data-testid='points-summary'>
      <View className='vpoints-sum__main'>
        <Text className='vpoints-sum__cap'>积分余额</Text>
        <Text className='vpoints-sum__balance' data-testid='points-balance'>
          {data.balance}
        </Text>
      </View>
      <View className='vpoints-sum__side'>
        <View className='vpoints-sum__fig'>
          <Text className='vpoints-sum__num' data-testid='points-hours'>
            {data.hours}
          </Text>
          <Text className='vpoints-sum__cap'>服务小时</Text>
        </View>
        {data.held > 0 ? (
          <View className='vpoints-sum__fig'>
            <Text className='vpoints-sum__num' data-testid='points-held'>
              {data.held}
            </Text>
            <Text className='vpoints-sum__cap'>兑换审核中</Text>
          </View>
        ) : null}
      </View>
      <Text className='vpoints-sum__note muted'>累计服务 {formatMinutes(data.minutes)}（书记确认后的时长）</Text>
    </View>
  )
}

function Reward({ reward: r, balance, onRedeemed }: { reward: RewardView; balance: number; onRedeemed: () => void }) {
  const [asking, setAsking] = useState(false)
  const m = useMutation()
  const busy = m.busy === 'redeem'
  const error = m.errorOf('redeem')
  const why = r.stock <= 0 ? '已兑完，等社区补货' : !r.affordable ? `积分还差 ${Math.max(0, r.cost - balance)} 分` : null

  const go = async (): Promise<void> => {
    await m.run('redeem', { rewardId: r.id }, (key) => redeem(r.id, key), {
      done: '已申请，等待审核',
      quietError: true,
      onDone: () => {
        setAsking(false)
        onRedeemed()
      },
    })
  }

  return (
    <View className='card vreward' data-testid='reward' data-id={r.id}>
      <View className='vreward__top'>
        <View className='vreward__text'>
          <Text className='vreward__name'>{r.name}</Text>
          <Text className='vreward__desc muted'>{r.description}</Text>
          <Text className='vreward__meta muted'>
            {r.sponsor} · 剩余 {r.stock} 份
          </Text>
        </View>
        <View className='vreward__cost'>
          <Text className='vreward__num'>{r.cost}</Text>
          <Text className='vreward__unit'>积分</Text>
        </View>
      </View>
      {error ? <Text className='field__error' data-testid='reward-error'>{error}</Text> : null}
      {asking ? (
        <View className='vreward__confirm'>
          <Text className='vreward__ask'>
            用 {r.cost} 积分兑换“{r.name}”？提交后积分先冻结，社区书记审核通过后领取。
          </Text>
          <View className='vreward__buttons'>
            <Button className='btn btn--ghost vreward__btn' onClick={() => setAsking(false)}>
              取消
            </Button>
            <Button className={`btn btn--primary vreward__btn${busy ? ' btn--disabled' : ''}`} data-testid='reward-confirm' disabled={busy || undefined} onClick={() => void go()}>
              {busy ? '正在提交…' : '确定兑换'}
            </Button>
          </View>
        </View>
      ) : why ? (
        <Text className='vreward__why' data-testid='reward-unavailable'>
          {why}
        </Text>
      ) : (
        <Button className='btn btn--primary btn--block' data-testid='reward-redeem' onClick={() => setAsking(true)}>
          兑换
        </Button>
      )}
    </View>
  )
}

function Redemption({ r }: { r: RedemptionView }) {
  return (
    <View className='vredemption' data-testid='redemption' data-status={r.status}>
      <View className='vredemption__top'>
        <Text className='vredemption__name'>{r.rewardName}</Text>
        <Text className={`vredemption__status vredemption__status--${r.status}`}>{r.statusLabel}</Text>
      </View>
      <Text className='vredemption__meta muted'>
        {r.cost} 积分 · {formatTime(r.requestedAt)}
      </Text>
      {r.reason ? <Text className='vredemption__reason'>原因：{r.reason}</Text> : null}
    </View>
  )
}

function Line({ line: l }: { line: StatementLineView }) {
  return (
    <View className='vline' data-testid='statement-line' data-cause={l.cause.type}>
      <View className='vline__text'>
        <Text className='vline__memo'>{l.memo}</Text>
        <Text className='vline__meta muted'>
          <Text className={`vline__cause vline__cause--${l.cause.type}`}>{l.cause.label}</Text> {formatTime(l.at)}
        </Text>
      </View>
      <Text className={`vline__amount${l.amount >= 0 ? ' vline__amount--in' : ' vline__amount--out'}`}>
        {l.amount >= 0 ? `+${l.amount}` : l.amount}
      </Text>
    </View>
  )
}
