import { useEffect, useMemo, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import Field from '@/components/field'
import LineField from '@/components/field/line-field'
import VolunteerChips, { type ChoiceOption } from '@/components/volunteer-chips'
import { ErrorState } from '@/components/state-view'
import { useMutation } from '@/hooks/use-mutation'
import { useResource } from '@/hooks/use-resource'
import { useWhoami } from '@/hooks/use-whoami'
import { fieldErrors, type FieldErrors } from '@/lib/errors'
import { decodeScene, sceneFromPath } from '@/lib/scene'
import { resolveScene, type PlaceView } from '@/services/org'
import { register, stations as loadStations, type MeView, type RegisterInput, type RegistrationView, type StationView } from '@/services/checkins'
import { AVAILABILITY, AVAILABILITY_LABELS, type Availability } from '@domain/checkins/model'
import { MOBILE_PHONE, MOBILE_PHONE_MESSAGE } from '@domain/model/phone'

const SKILLS = ['水电维修', '政策宣讲', '医疗护理', '法律咨询', '课业辅导', '文艺宣传', '心理疏导', '助老助残', '手机电脑', '摄影摄像']
const MAX_SKILLS = 8
const AVAILABILITY_OPTIONS: ChoiceOption<Availability>[] = AVAILABILITY.map((k) => ({ key: k, label: AVAILABILITY_LABELS[k] }))

interface Community {
  id: string
  name: string
  stations: string[]
}

function communitiesOf(stations: StationView[]): Community[] {
  const out: Community[] = []
  for (const s of stations) {
    const c = out.find((x) => x.id === s.communityId)
    if (c) c.stations.push(s.name)
    else out.push({ id: s.communityId, name: s.communityName, stations: [s.name] })
  }
  return out
}

/** 双报到 form: who, where they work and their party branch, skills and availability, the community to report to. */
export function RegisterForm({
  data,
  initialScene,
  moving,
  onCancel,
  onDone,
}: {
  data: MeView
  initialScene: string
  moving: boolean
  onCancel?: () => void
  onDone: (saved: RegistrationView) => void
}) {
  const who = useWhoami()
  const list = useResource(() => loadStations(), [])
  const prior = data.registration ?? data.others[0] ?? null
  const [communityId, setCommunityId] = useState<string>(() => (prior && !moving ? prior.communityId : ''))
  const [scene, setScene] = useState(initialScene)
  const [place, setPlace] = useState<PlaceView | null>(null)
  const [sceneError, setSceneError] = useState<string | null>(null)
  const [name, setName] = useState(prior?.name ?? '')
  const [phone, setPhone] = useState(prior?.phone && MOBILE_PHONE.test(prior.phone) ? prior.phone : '')
  const [workUnit, setWorkUnit] = useState(prior?.workUnit ?? '')
  const [partyBranch, setPartyBranch] = useState(prior?.partyBranch ?? '')
  const [skills, setSkills] = useState<string[]>(prior?.skills ?? [])
  const [availability, setAvailability] = useState<Availability[]>(prior?.availability ?? [])
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const m = useMutation()
  const sending = m.busy === 'register'

  // Name from the account when the person has never registered (until they type their own).
  const touchedName = useRef(false)
  const whoName = who.state.status === 'ready' ? who.state.data.name ?? '' : ''
  useEffect(() => {
    if (!touchedName.current && !name && whoName) setName(whoName)
  }, [whoName, name])

  // A scanned building code: show which building it is (the server decides the community).
  useEffect(() => {
    if (!scene) return
    let alive = true
    void resolveScene(scene).then((env) => {
      if (!alive) return
      setPlace(env.ok ? env.data : null)
      setSceneError(env.ok ? null : env.error.message)
    })
    return () => {
      alive = false
    }
  }, [scene])

  const communities = useMemo(() => (list.state.status === 'ready' ? communitiesOf(list.state.data) : []), [list.state])
  const skillOptions = useMemo(() => [...SKILLS, ...skills.filter((s) => !SKILLS.includes(s))].map((s) => ({ key: s, label: s })), [skills])

  const clear = (field: string): void => {
    if (errors[field]) setErrors((e) => ({ ...e, [field]: '' }))
  }

  const scanBuilding = (): void => {
    const scanType = ['qrCode', 'wxCode'] as (keyof Taro.scanCode.ScanType)[]
    Taro.scanCode({ onlyFromCamera: true, scanType })
      .then((res) => {
        const s = sceneFromPath(res.path) || decodeScene(res.result)
        if (s) {
          setScene(s)
          setCommunityId('')
          clear('community')
        }
      })
      .catch(() => undefined)
  }

  const validate = (): FieldErrors => {
    const e: FieldErrors = {}
    if (!communityId && !scene) e.community = '请选择报到社区，或扫描所住楼栋门口的二维码'
    if (scene && sceneError) e.community = sceneError
    const n = name.trim()
    if (!n) e.name = '请填写姓名'
    else if (n.length > 20) e.name = '姓名不能超过20个字'
    if (phone.trim() && !MOBILE_PHONE.test(phone.trim())) e.phone = MOBILE_PHONE_MESSAGE
    if (workUnit.trim().length < 2) e.workUnit = '请填写工作单位（至少2个字）'
    else if (workUnit.trim().length > 40) e.workUnit = '工作单位不能超过40个字'
    if (partyBranch.trim().length < 2) e.partyBranch = '请填写所在党支部（至少2个字）'
    else if (partyBranch.trim().length > 40) e.partyBranch = '党支部不能超过40个字'
    return e
  }

  const submit = async (): Promise<void> => {
    if (sending) return
    const local = validate()
    setErrors(local)
    setFormError(null)
    if (Object.values(local).some(Boolean)) {
      void Taro.showToast({ title: Object.values(local).find(Boolean) ?? '请检查填写内容', icon: 'none' })
      return
    }
    const input: RegisterInput = {
      name: name.trim(),
      workUnit: workUnit.trim(),
      partyBranch: partyBranch.trim(),
      skills,
      availability,
      ...(scene ? { scene } : { communityId }),
      ...(phone.trim() ? { phone: phone.trim() } : {}),
    }
    const env = await m.run('register', input, (key) => register(input, key), { done: '已提交，等待审核', onDone })
    if (!env || env.ok) return
    const byField = fieldErrors(env.error, {
      communityId: 'community',
      scene: 'community',
      name: 'name',
      phone: 'phone',
      workUnit: 'workUnit',
      partyBranch: 'partyBranch',
      skills: 'skills',
      availability: 'availability',
    })
    if (Object.keys(byField).length) setErrors(byField)
    else setFormError(env.error.message)
  }

  return (
    <View data-testid='register-form'>
      {moving ? <Text className='hint'>在新社区报到通过后，原社区的报到会自动转为“已迁出”。</Text> : null}
      <View className='card'>
        <Field label='报到社区' required error={errors.community} testId='field-community' hint='选您居住的社区。也可以扫所住楼栋门口的“红色网格”二维码，自动识别社区。'>
          {scene ? (
            <View className='vreg-scene' data-testid='register-scene'>
              <Text className='vreg-scene__text'>
                {place ? `已识别：${place.communityName} · ${place.name}` : sceneError ? '二维码无法识别' : '正在识别楼栋…'}
              </Text>
              <Text
                className='vreg-scene__clear'
                onClick={() => {
                  setScene('')
                  setPlace(null)
                  setSceneError(null)
                }}
              >
                改为选择
              </Text>
            </View>
          ) : (
            <View>
              {list.state.status === 'loading' ? <Text className='muted'>正在加载社区…</Text> : null}
              {list.state.status === 'error' ? <ErrorState message={list.state.message} onRetry={() => void list.reload()} /> : null}
              <VolunteerChips
                single
                testId='community'
                options={communities.map((c) => ({ key: c.id, label: c.name }))}
                value={communityId ? [communityId] : []}
                onChange={(v) => {
                  setCommunityId(v[0] ?? '')
                  clear('community')
                }}
              />
              {communityId ? (
                <Text className='vreg-stations muted'>本社区驿站：{communities.find((c) => c.id === communityId)?.stations.join('、')}</Text>
              ) : null}
            </View>
          )}
          {process.env.TARO_ENV === 'weapp' && !scene ? (
            <Button className='btn btn--plain btn--block vreg-scan' data-testid='register-scan' onClick={scanBuilding}>
              扫楼栋二维码
            </Button>
          ) : null}
        </Field>

        <LineField label='姓名' required error={errors.name} testId='field-name'
          inputTestId='register-name' maxlength={20} value={name} placeholder='您的真实姓名'
          onChange={(value) => { touchedName.current = true; setName(value); clear('name') }}
        />
        <LineField label='手机号码' optional error={errors.phone} testId='field-phone' hint='只有社区书记能看到完整号码'
          inputTestId='register-phone' type='number' maxlength={11} value={phone} placeholder='方便社区联系您'
          onChange={(value) => { setPhone(value); clear('phone') }}
        />
        <LineField label='工作单位' required error={errors.workUnit} testId='field-work-unit' hint='按单位统计每月服务情况，反馈给单位党组织'
          inputTestId='register-work-unit' maxlength={40} value={workUnit} placeholder='如：渭城区住建局'
          onChange={(value) => { setWorkUnit(value); clear('workUnit') }}
        />
        <LineField label='所在党支部' required error={errors.partyBranch} testId='field-party-branch'
          inputTestId='register-party-branch' maxlength={40} value={partyBranch} placeholder='如：区住建局机关第一党支部'
          onChange={(value) => { setPartyBranch(value); clear('partyBranch') }}
        />
      </View>

      <View className='card'>
        <Field label='特长' optional error={errors.skills} testId='field-skills' hint={`可选多项，最多${MAX_SKILLS}项，方便社区按特长派任务`}>
          <VolunteerChips testId='skill' options={skillOptions} value={skills} max={MAX_SKILLS} onChange={setSkills} />
        </Field>
        <Field label='方便服务的时间' optional error={errors.availability} testId='field-availability'>
          <VolunteerChips testId='availability' options={AVAILABILITY_OPTIONS} value={availability} onChange={setAvailability} />
        </Field>
      </View>

      {formError ? (
        <View className='form-error' data-testid='form-error'>
          <Text>{formError}</Text>
        </View>
      ) : null}
      <Button
        className={`btn btn--primary btn--block btn--big${sending ? ' btn--disabled' : ''}`}
        data-testid='register-submit'
        disabled={sending || undefined}
        onClick={() => void submit()}
      >
        {sending ? '正在提交…' : '提交报到申请'}
      </Button>
      {onCancel ? (
        <Button className='btn btn--ghost btn--block vreg-cancel' data-testid='register-cancel' onClick={onCancel}>
          取消修改
        </Button>
      ) : null}
      <Text className='vreg-foot muted'>提交后由社区书记审核，结果会在“消息”里通知您。</Text>
    </View>
  )
}
