import { useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import StarRating from '@/components/star-rating'
import Field from '@/components/field'
import { charCount } from '@/lib/format'
import type { RateInput } from '@/services/orders'
import AreaInput from '@/components/field/area-input'

const DIMS: { key: 'speed' | 'attitude' | 'result'; label: string }[] = [
  { key: 'speed', label: '响应速度' },
  { key: 'attitude', label: '服务态度' },
  { key: 'result', label: '办理结果' },
]
const GOOD_TAGS = ['响应及时', '态度热情', '问题解决', '办事认真']
const BAD_TAGS = ['仍未解决', '响应太慢', '态度不好', '没有联系我']
const COMMENT_MAX = 200

type Dims = Partial<Record<'speed' | 'attitude' | 'result', number>>

/** 评价: five big stars, three dimensions, tag chips, an optional comment. With `initial`, it changes a rating (once). */
export default function RateForm({
  busy,
  error,
  onSubmit,
  initial,
  onCancel,
}: {
  busy: boolean
  error: string | null
  onSubmit: (input: Omit<RateInput, 'id'>) => void
  initial?: { stars: number; dims?: Dims; tags?: string[]; comment?: string }
  onCancel?: () => void
}) {
  const editing = !!initial
  const [stars, setStars] = useState(initial?.stars ?? 0)
  const [dims, setDims] = useState<Dims>(initial?.dims ?? {})
  const [tags, setTags] = useState<string[]>(initial?.tags ?? [])
  const [comment, setComment] = useState(initial?.comment ?? '')
  const [localError, setLocalError] = useState<string | null>(null)

  const tagChoices = stars > 0 && stars <= 2 ? [...BAD_TAGS, ...GOOD_TAGS] : [...GOOD_TAGS, ...BAD_TAGS]
  const toggleTag = (t: string): void => setTags((cur) => (cur.includes(t) ? cur.filter((x) => x !== t) : cur.length >= 5 ? cur : [...cur, t]))

  const submit = (): void => {
    if (busy) return
    if (stars < 1) {
      setLocalError('请先点星星打分')
      return
    }
    if (charCount(comment) > COMMENT_MAX) {
      setLocalError(`留言不能超过${COMMENT_MAX}个字`)
      return
    }
    setLocalError(null)
    const input: Omit<RateInput, 'id'> = { stars }
    const d = Object.fromEntries(Object.entries(dims).filter(([, v]) => typeof v === 'number' && v > 0))
    if (Object.keys(d).length) input.dims = d
    if (tags.length) input.tags = tags
    if (comment.trim()) input.comment = comment.trim()
    onSubmit(input)
  }

  return (
    <View className='card rate-form' data-testid='rate-form'>
      <Text className='section-title'>{editing ? '修改评价' : '请为这次服务打分'}</Text>
      <Text className='muted rate-form__lead'>
        {editing ? '评价只能修改一次，提交后不能再改。' : '您的评价会计入网格和社区的考核；24小时内可以修改一次。'}
      </Text>
      <View className='rate-form__stars'>
        <StarRating
          value={stars}
          onChange={(n) => {
            setStars(n)
            setLocalError(null)
          }}
          testId='rate-stars'
        />
      </View>
      {stars > 0 && stars <= 2 ? (
        <Text className='rate-form__warn' data-testid='rate-reopen-hint'>
          不满意的诉求会重新交给网格员办理，并报告社区书记。
        </Text>
      ) : null}
      <View className='rate-form__dims'>
        {DIMS.map((d) => (
          <View key={d.key} className='rate-form__dim'>
            <Text className='rate-form__dim-label'>{d.label}</Text>
            <StarRating
              value={dims[d.key] ?? 0}
              size='small'
              testId={`rate-dim-${d.key}`}
              onChange={(n) => setDims((cur) => ({ ...cur, [d.key]: n }))}
            />
          </View>
        ))}
      </View>
      <View className='rate-form__tags'>
        {tagChoices.map((t) => (
          <View
            key={t}
            className={`tag-chip${tags.includes(t) ? ' tag-chip--on' : ''}`}
            data-testid={`rate-tag-${t}`}
            onClick={() => toggleTag(t)}
          >
            <Text>{t}</Text>
          </View>
        ))}
      </View>
      <Field label='想说的话' optional aside={<Text className='muted'>{charCount(comment)}/{COMMENT_MAX}</Text>}>
        <AreaInput testId='rate-comment' value={comment} maxlength={COMMENT_MAX} placeholder='说说您的感受（可不填）' onChange={setComment} />
      </Field>
      {localError ?? error ? <Text className='field__error rate-form__error'>{localError ?? error}</Text> : null}
      <Button
        className={`btn btn--primary btn--block btn--big${busy ? ' btn--disabled' : ''}`}
        data-testid='rate-submit'
        disabled={busy || undefined}
        onClick={submit}
      >
        {busy ? '正在提交…' : editing ? '提交修改' : '提交评价'}
      </Button>
      {onCancel ? (
        <Button className='btn btn--plain btn--block' data-testid='rate-cancel' onClick={onCancel}>
          不改了
        </Button>
      ) : null}
    </View>
  )
}
