import { useMemo, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import Field from '@/components/field'
import LineField from '@/components/field/line-field'
import PhotoPicker from '@/components/photo-picker'
import { Loading, ErrorState } from '@/components/state-view'
import { orderUrl } from '@/components/order-card'
import { useMutation } from '@/hooks/use-mutation'
import { useResource } from '@/hooks/use-resource'
import { usePhotoUploads } from '@/hooks/use-photo-uploads'
import { categoryHint } from '@/lib/categories'
import { charCount } from '@/lib/format'
import { askSubscribe } from '@/services/subscribe'
import { fieldErrors, type FieldErrors } from '@/lib/errors'
import { categories as loadCategories, type CategoryView, type PlaceView } from '@/services/org'
import { submit, type SubmitInput } from '@/services/orders'
import { canDictate, startDictation, type Dictation } from '@/services/speech'
import AreaInput from '@/components/field/area-input'
import { MOBILE_PHONE, MOBILE_PHONE_MESSAGE } from '@domain/model/phone'
import { ORDER_MEDIA_MAX, ORDER_TEXT_LIMITS } from '@domain/orders/limits'

const DESC_MIN = ORDER_TEXT_LIMITS.description.min
const DESC_MAX = ORDER_TEXT_LIMITS.description.max
const MAX_PHOTOS = ORDER_MEDIA_MAX

/** 群众点单: the intake form under the place header — category, description (voice input), photos, contact, 代办. */
export function IntakeForm({ scene, place }: { scene: string; place: PlaceView }) {
  const cats = useResource(loadCategories, [])
  const [category, setCategory] = useState<CategoryView | null>(null)
  const [description, setDescription] = useState('')
  const [phone, setPhone] = useState('')
  const [proxy, setProxy] = useState(false)
  const [proxyName, setProxyName] = useState('')
  const [proxyPhone, setProxyPhone] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  // The same submission retried (nothing changed since a try without a definitive answer) keeps its idempotency
  // key, so it lands on one order; a changed form is a new submission with a new key.
  const m = useMutation()
  // Submitted: stay "sending" until the page goes away, so no tap can file it twice.
  const [submitted, setSubmitted] = useState(false)
  const left = useRef(false)
  const sending = m.busy === 'submit' || submitted
  const photos = usePhotoUploads(MAX_PHOTOS)

  const [listening, setListening] = useState(false)
  const [voiceError, setVoiceError] = useState<string | null>(null)
  const dictation = useRef<Dictation | null>(null)
  const voice = useMemo(() => canDictate(), [])

  const count = charCount(description)

  const clearError = (field: string): void => {
    if (errors[field]) setErrors((e) => ({ ...e, [field]: '' }))
  }

  const toggleVoice = (): void => {
    if (dictation.current) {
      dictation.current.stop()
      return
    }
    setVoiceError(null)
    const d = startDictation(
      (text) => {
        setDescription((cur) => (cur ? `${cur}${/[，。！？,.!?]$/.test(cur) ? '' : '，'}${text}` : text).slice(0, DESC_MAX))
        clearError('description')
      },
      (error) => {
        dictation.current = null
        setListening(false)
        if (error) setVoiceError(error)
      },
    )
    if (!d) {
      setVoiceError('无法启动语音输入，请改用文字输入')
      return
    }
    dictation.current = d
    setListening(true)
  }

  const validate = (): FieldErrors => {
    const e: FieldErrors = {}
    if (!category) e.category = '请选择问题类型'
    if (count < DESC_MIN) e.description = `请至少写${DESC_MIN}个字，说清楚是什么问题`
    else if (count > DESC_MAX) e.description = `不能超过${DESC_MAX}个字`
    if (phone.trim() && !MOBILE_PHONE.test(phone.trim())) e.contactPhone = MOBILE_PHONE_MESSAGE
    if (proxy && !proxyName.trim()) e.proxyName = '请填写邻居的称呼，如“王阿姨”'
    if (proxy && proxyPhone.trim() && !MOBILE_PHONE.test(proxyPhone.trim())) e.proxyPhone = MOBILE_PHONE_MESSAGE
    if (photos.busy) e.media = '照片还在上传，请稍等一下'
    else if (photos.failed) e.media = '有照片没传上去，请点照片重试，或删掉它'
    return e
  }

  const onSubmit = async (): Promise<void> => {
    if (sending || left.current) return
    // Consent sheet first: WeChat only shows it from a tap (weapp only, skipped when unconfigured).
    askSubscribe('resident')
    const local = validate()
    setErrors(local)
    setFormError(null)
    if (Object.values(local).some(Boolean) || !category) {
      void Taro.showToast({ title: Object.values(local).find(Boolean) ?? '请检查填写内容', icon: 'none' })
      return
    }
    const input: SubmitInput = {
      scene,
      category: category.id,
      kind: category.kind,
      description: description.trim(),
      channel: proxy ? 'proxy' : 'self',
    }
    if (category.kind === 'emergency') input.priority = 'emergency'
    if (phone.trim()) input.contactPhone = phone.trim()
    if (proxy) input.proxyFor = proxyPhone.trim() ? { name: proxyName.trim(), phone: proxyPhone.trim() } : { name: proxyName.trim() }
    if (photos.fileIDs.length) input.media = photos.fileIDs

    const env = await m.run('submit', input, (key) => submit(input, key), {
      done: '提交成功',
      onDone: (data) => {
        left.current = true
        setSubmitted(true)
        void Taro.redirectTo({ url: `${orderUrl(data.order.id)}&new=1` })
      },
    })
    if (!env || env.ok) return
    const byField = fieldErrors(env.error, {
      category: 'category',
      description: 'description',
      contactPhone: 'contactPhone',
      'proxyFor.name': 'proxyName',
      proxyFor: 'proxyName',
      'proxyFor.phone': 'proxyPhone',
      media: 'media',
    })
    if (Object.keys(byField).length) setErrors(byField)
    else setFormError(env.error.message)
  }

  const serviceCats = cats.state.status === 'ready' ? cats.state.data.filter((c) => c.kind !== 'emergency') : []
  const emergencyCats = cats.state.status === 'ready' ? cats.state.data.filter((c) => c.kind === 'emergency') : []

  const tile = (c: CategoryView) => (
    <View
      key={c.id}
      className={`cat-tile cat-tile--${c.kind}${category?.id === c.id ? ' cat-tile--on' : ''}`}
      hoverClass='cat-tile--pressed'
      data-testid={`category-${c.id}`}
      onClick={() => {
        setCategory(c)
        clearError('category')
      }}
    >
      <Text className='cat-tile__name'>{c.name}</Text>
      {categoryHint(c.id) ? <Text className='cat-tile__hint'>{categoryHint(c.id)}</Text> : null}
    </View>
  )

  return (
    <View className='intake' data-testid='intake-form'>
      <PlaceHeader place={place} />

      <View className='card'>
        <Field label='遇到了什么问题' required error={errors.category} testId='field-category'>
          {cats.state.status === 'loading' ? <Loading rows={2} text='正在加载问题类型…' /> : null}
          {cats.state.status === 'error' ? <ErrorState message={cats.state.message} onRetry={() => void cats.reload()} /> : null}
          <View className='cat-grid' data-testid='category-grid'>
            {serviceCats.map(tile)}
          </View>
          {emergencyCats.map(tile)}
        </Field>
        {category?.kind === 'emergency' ? (
          <View className='scan__emergency' data-testid='emergency-warning'>
            <Text className='scan__emergency-title'>如遇火灾、急病请先拨打119/120</Text>
            <Text>报警、急救电话最快。打完电话再在这里提交，网格员会马上赶到。</Text>
            <View className='scan__emergency-calls'>
              <Button className='btn btn--danger' onClick={() => void Taro.makePhoneCall({ phoneNumber: '119' }).catch(() => undefined)}>
                拨打119
              </Button>
              <Button className='btn btn--danger' onClick={() => void Taro.makePhoneCall({ phoneNumber: '120' }).catch(() => undefined)}>
                拨打120
              </Button>
            </View>
          </View>
        ) : null}
      </View>

      <View className='card'>
        <Field
          label='说说具体情况'
          required
          error={errors.description}
          testId='field-description'
          aside={
            <Text className={count > DESC_MAX || (count > 0 && count < DESC_MIN) ? 'scan__count scan__count--warn' : 'scan__count muted'} data-testid='description-count'>
              {count}/{DESC_MAX}
            </Text>
          }
          hint={
            voice ? null : process.env.TARO_ENV === 'weapp' ? '不方便打字？点键盘上的“话筒”就能用语音输入。' : `至少${DESC_MIN}个字，写清楚哪里、什么问题。`
          }
        >
          <AreaInput
            testId='intake-description'
            value={description}
            maxlength={DESC_MAX}
            placeholder='比如：3楼楼道灯坏了一个星期，晚上上下楼看不见'
            onChange={(v) => {
              setDescription(v)
              clearError('description')
            }}
          />
          {voice ? (
            <View
              className={`voice-btn${listening ? ' voice-btn--on' : ''}`}
              data-testid='voice-input'
              onClick={toggleVoice}
            >
              <View className='voice-btn__mic' />
              <Text>{listening ? '正在听，说完点这里' : '按一下，用说话代替打字'}</Text>
            </View>
          ) : null}
          {voiceError ? <Text className='field__error'>{voiceError}</Text> : null}
        </Field>

        <Field label='拍照片' optional error={errors.media} testId='field-media' hint={`最多${MAX_PHOTOS}张，拍清楚问题所在的位置`}>
          <PhotoPicker photos={photos} />
        </Field>

        <LineField label='联系电话' optional error={errors.contactPhone} testId='field-phone' hint='只有办理人员能看到完整号码'
          inputTestId='intake-phone' type='number' maxlength={11} value={phone} placeholder='方便网格员联系您'
          onChange={(value) => { setPhone(value); clearError('contactPhone') }}
        />

        <View
          className={`toggle-row${proxy ? ' toggle-row--on' : ''}`}
          data-testid='proxy-toggle'
          onClick={() => setProxy((p) => !p)}
        >
          <View className='toggle-row__text'>
            <Text className='toggle-row__title'>帮邻居代办</Text>
            <Text className='toggle-row__desc muted'>替不方便用手机的邻居反映问题</Text>
          </View>
          <View className='toggle-row__switch'>
            <View className='toggle-row__knob' />
          </View>
        </View>
        {proxy ? (
          <View className='scan__proxy' data-testid='proxy-fields'>
            <LineField label='邻居怎么称呼' required error={errors.proxyName} testId='field-proxy-name'
              inputTestId='proxy-name' maxlength={20} value={proxyName} placeholder='如：王阿姨（5楼）'
              onChange={(value) => { setProxyName(value); clearError('proxyName') }}
            />
            <LineField label='邻居的电话' optional error={errors.proxyPhone} testId='field-proxy-phone' hint='社区会回访代办的诉求'
              inputTestId='proxy-phone' type='number' maxlength={11} value={proxyPhone} placeholder='没有可不填'
              onChange={(value) => { setProxyPhone(value); clearError('proxyPhone') }}
            />
          </View>
        ) : null}
      </View>

      {formError ? (
        <View className='form-error' data-testid='form-error'>
          <Text>{formError}</Text>
        </View>
      ) : null}

      <Button
        className={`btn btn--primary btn--block btn--big${sending || photos.busy ? ' btn--disabled' : ''}`}
        data-testid='intake-submit'
        disabled={sending || photos.busy || undefined}
        onClick={() => void onSubmit()}
      >
        {sending ? '正在提交…' : photos.busy ? '照片上传中…' : '提交'}
      </Button>
      <Text className='scan__foot muted'>提交后，网格员会尽快接单处理，进度会在“我的诉求”和“消息”里通知您。</Text>
    </View>
  )
}

function shortGrid(place: PlaceView): string | null {
  if (!place.gridName) return null
  return place.gridName.startsWith(place.communityName) && place.gridName.length > place.communityName.length
    ? place.gridName.slice(place.communityName.length)
    : place.gridName
}

function PlaceHeader({ place }: { place: PlaceView }) {
  const above = [place.communityName, shortGrid(place)].filter(Boolean).join(' · ')
  return (
    <View className='scan__place' data-testid='intake-place'>
      <Text className='scan__place-pre'>您正在为</Text>
      <Text className='scan__place-name' data-testid='intake-place-name'>
        {place.name}
      </Text>
      <Text className='scan__place-post'>反映问题</Text>
      <View className='scan__place-org'>
        <Text>{above}</Text>
        {place.streetName ? <Text className='scan__place-street'>{place.streetName}</Text> : null}
      </View>
    </View>
  )
}
