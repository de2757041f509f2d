import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import { Loading, ErrorState } from '@/components/state-view'
import { useResource } from '@/hooks/use-resource'
import { decodeScene } from '@/lib/scene'
import { formatTime } from '@/lib/format'
import { go } from '@/lib/nav'
import { me as loadMe, type RegistrationView } from '@/services/checkins'
import { VOLUNTEER_URLS } from '@/packages/volunteer/lib/urls'
import { RegisterForm } from './register-form'
import './index.scss'


/**
 * 双报到 / 我的报到: where my registration stands (and why, when it was refused), and the
 * form to register with the community I live in — picked from the list, or from the
 * QR code on my building's door.
 */
export default function RegisterPage() {
  const router = useRouter()
  const me = useResource(loadMe, [])
  const [editing, setEditing] = useState(false)

  const reg = me.state.status === 'ready' ? me.state.data.registration : null
  const canApply = !reg || reg.status === 'rejected' || reg.status === 'moved'
  const showForm = me.state.status === 'ready' && (canApply || editing)

  return (
    <PageShell className='vreg' testId='page-register'>
      <View className='page-header'>
        <Text className='page-header__title'>{reg ? '我的报到' : '双报到'}</Text>
        <Text className='page-header__sub muted'>在职党员到居住地社区报到，就近参加志愿服务</Text>
      </View>
      {me.state.status === 'loading' ? <Loading rows={3} /> : null}
      {me.state.status === 'error' ? <ErrorState message={me.state.message} onRetry={() => void me.reload()} /> : null}
      {me.state.status === 'ready' && reg ? (
        <StatusCard reg={reg} others={me.state.data.others} onEdit={!canApply && !editing && reg.status !== 'suspended' ? () => setEditing(true) : undefined} />
      ) : null}
      {showForm && me.state.status === 'ready' ? (
        <RegisterForm
          data={me.state.data}
          initialScene={decodeScene(router.params.scene)}
          moving={reg?.status === 'active'}
          onCancel={editing ? () => setEditing(false) : undefined}
          onDone={(saved) => {
            setEditing(false)
            if (me.state.status === 'ready') me.set({ ...me.state.data, registration: saved })
            void me.reload(true)
          }}
        />
      ) : null}
    </PageShell>
  )
}

const STATUS_HINT: Record<RegistrationView['status'], string> = {
  pending: '社区书记审核通过后，就可以扫码签到、报名值班了。',
  active: '每月至少到社区服务 2 次。',
  rejected: '可以修改信息后重新提交。',
  suspended: '暂停期间不能签到和报名值班，如有疑问请联系社区书记。',
  moved: '可以在新的居住社区重新报到。',
}

function StatusCard({ reg, others, onEdit }: { reg: RegistrationView; others: RegistrationView[]; onEdit?: () => void }) {
  return (
    <View className={`card vreg-status vreg-status--${reg.status}`} data-testid='registration-status' data-status={reg.status}>
      <View className='vreg-status__top'>
        <Text className='vreg-status__community'>{reg.communityName}</Text>
        <Text className={`vreg-chip vreg-chip--${reg.status}`} data-testid='registration-status-label'>
          {reg.statusLabel}
        </Text>
      </View>
      <Text className='vreg-status__hint'>{STATUS_HINT[reg.status]}</Text>
      {reg.reason ? (
        <Text className='vreg-status__reason' data-testid='registration-reason'>
          {reg.status === 'rejected' ? '未通过原因' : '说明'}：{reg.reason}
        </Text>
      ) : null}
      <View className='vreg-rows'>
        <Row label='姓名' value={reg.name} />
        {reg.phone ? <Row label='手机' value={reg.phone} /> : null}
        <Row label='工作单位' value={reg.workUnit} />
        <Row label='党支部' value={reg.partyBranch} />
        {reg.skills.length ? <Row label='特长' value={reg.skills.join('、')} /> : null}
        {reg.availabilityLabels.length ? <Row label='可服务时间' value={reg.availabilityLabels.join('、')} /> : null}
        <Row label='提交时间' value={formatTime(reg.createdAt)} />
        {reg.approvedAt ? <Row label='通过时间' value={formatTime(reg.approvedAt)} /> : null}
      </View>
      {reg.status === 'active' ? (
        <Button className='btn btn--primary btn--block' data-testid='go-volunteer-home' onClick={() => go(VOLUNTEER_URLS.home)}>
          去志愿服务
        </Button>
      ) : null}
      {onEdit ? (
        <Button className='btn btn--plain btn--block vreg-status__edit' data-testid='registration-edit' onClick={onEdit}>
          {reg.status === 'active' ? '搬家了？转到其他社区报到' : '修改报到信息'}
        </Button>
      ) : null}
      {others.length ? (
        <View className='vreg-history'>
          <Text className='vreg-history__title muted'>以往报到</Text>
          {others.map((o) => (
            <Text key={o.id} className='vreg-history__item muted'>
              {o.communityName} · {o.statusLabel}
              {o.reason ? `（${o.reason}）` : ''}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  )
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className='vreg-row'>
      <Text className='vreg-row__label muted'>{label}</Text>
      <Text className='vreg-row__value'>{value}</Text>
    </View>
  )
}
