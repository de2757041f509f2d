import { useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import RoleHeader from '@/components/role-header'
import FilterChips from '@/components/filter-chips'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { useMutation } from '@/hooks/use-mutation'
import { useVantage } from '@/hooks/use-vantage'
import { useResource } from '@/hooks/use-resource'
import { useNow } from '@/hooks/use-now'
import { go } from '@/lib/nav'
import { formatTime, charCount } from '@/lib/format'
import { saveFile, savedText } from '@/lib/save-file'
import { endedHalves } from '@domain/scoring/half-year'
import * as reports from '@/services/reports'
import type { ReviewRowView, ReviewView } from '@/services/reports'
import type { WhoamiRole } from '@/services/org'
import AreaInput from '@/components/field/area-input'
import Field from '@/components/field'
import './index.scss'

const REVIEW_ROLES = ['district_admin', 'street_admin', 'secretary']
const COMMENT_MAX = 300

const pct = (v: number | null): string => (v === null ? '暂无' : `${(v * 100).toFixed(1)}%`)
const stars = (v: number | null): string => (v === null ? '暂无' : v.toFixed(2))

/**
 * 半年一评议: the district freezes a half-year's numbers per community (ranked by smoothed
 * satisfaction); street admins comment on their communities; secretaries see their own row.
 * The snapshot never moves afterwards. Exports as Excel (XLSX) or CSV.
 */
export default function ReviewPage() {
  const { state, reload, mine, grant, key, options, choose } = useVantage(REVIEW_ROLES)
  return (
    <PageShell className='review' testId='page-review'>
      <RoleHeader
        title='半年一评议'
        subtitle='满意率、按时办结、回访与双报到服务，半年冻结一次，作为社区书记考核依据'
        state={state}
        mine={mine}
        noRoleHint='评议结果只对社区书记、街道和区级管理员开放。'
        onRetry={reload}
      />
      {options ? <FilterChips testId='review-vantage' options={options} value={key} onChange={choose} /> : null}
      {grant ? <Reviews key={key} grant={grant} /> : null}
      {grant ? (
        <View className='card review-more' data-testid='review-to-exports' onClick={() => go('/packages/secretary/pages/exports/index')}>
          <Text className='review-more__title'>需要明细？</Text>
          <Text className='muted'>导出诉求、评价、回访明细表 ›</Text>
        </View>
      ) : null}
    </PageShell>
  )
}

function Reviews({ grant }: { grant: WhoamiRole }) {
  const list = useResource(() => reports.reviews(grant.orgId), [grant.orgId])
  const [picked, setPicked] = useState<string | null>(null)
  const [opened, setOpened] = useState<ReviewView | null>(null)
  const isDistrict = grant.role === 'district_admin'

  if (list.state.status === 'loading') return <Loading rows={4} text='正在读取评议…' />
  if (list.state.status === 'error') return <ErrorState message={list.state.message} onRetry={() => void list.reload()} />
  const items = list.state.data.items
  const current = picked ?? opened?._id ?? items[0]?._id ?? null
  return (
    <View>
      {isDistrict ? (
        <OpenReview
          orgId={grant.orgId}
          done={items.map((r) => r._id)}
          onOpened={(r) => {
            setOpened(r)
            setPicked(r._id)
            void list.reload(true)
          }}
        />
      ) : null}
      {items.length === 0 ? (
        <Empty title='还没有开展过半年评议' hint={isDistrict ? '选择一个已结束的半年，冻结各社区的考核数据。' : '区里开展评议后，结果会显示在这里。'} />
      ) : (
        <View>
          <FilterChips testId='review-periods' options={items.map((r) => ({ key: r._id, label: r.label }))} value={current ?? ''} onChange={setPicked} />
          {current ? <ReviewDetail key={current} id={current} orgId={grant.orgId} initial={opened?._id === current ? opened : null} /> : null}
        </View>
      )}
    </View>
  )
}

/** 开展评议 (district admin): pick an ended half-year, confirm, freeze. */
function OpenReview({ orgId, done, onOpened }: { orgId: string; done: string[]; onOpened: (r: ReviewView) => void }) {
  const now = useNow()
  const choices = endedHalves(now, 4).filter((p) => !done.includes(`rv_${orgId}_${p.year}h${p.half}`))
  const m = useMutation()
  const busy = m.busy === 'open'
  const error = m.errorOf('open')
  const [choice, setChoice] = useState(0)
  if (choices.length === 0) return null
  const p = choices[Math.min(choice, choices.length - 1)]
  const run = async (): Promise<void> => {
    await m.run('open', { orgId, year: p.year, half: p.half }, (key) => reports.openReview(orgId, p.year, p.half, key), {
      done: '评议快照已冻结',
      quietError: true,
      onDone: onOpened,
    })
  }
  return (
    <View className='card review-open' data-testid='review-open'>
      <Text className='section-title'>开展半年评议</Text>
      <FilterChips testId='review-open-halves' options={choices.map((c, i) => ({ key: String(i), label: c.label }))} value={String(Math.min(choice, choices.length - 1))} onChange={(k) => setChoice(Number(k))} />
      <Text className='muted review-open__hint'>
        统计 {p.from} 至 {p.to} 各社区的诉求、评价、回访和双报到服务，按平滑满意度排名。冻结后数据不再变化，之后补评的诉求不影响本次结果。
      </Text>
      {error ? <Text className='field__error'>{error}</Text> : null}
      <Button className={`btn btn--primary btn--block btn--big${busy ? ' btn--disabled' : ''}`} data-testid='review-open-submit' disabled={busy || undefined} onClick={() => void run()}>
        {busy ? '正在统计并冻结…' : `冻结${p.label}评议`}
      </Button>
    </View>
  )
}

function ReviewDetail({ id, orgId, initial }: { id: string; orgId: string; initial: ReviewView | null }) {
  const res = useResource(() => reports.review(id, orgId), [id, orgId], !initial)
  const view = initial && res.state.status === 'loading' ? initial : res.state.status === 'ready' ? res.state.data : null
  const [rows, setRows] = useState<Record<string, ReviewRowView['comment']>>({})
  if (!view) {
    if (res.state.status === 'error') return <ErrorState message={res.state.message} onRetry={() => void res.reload()} />
    return <Loading rows={4} text='正在读取评议…' />
  }
  return (
    <View data-testid='review-detail'>
      <View className='card review-head'>
        <Text className='review-head__title'>{view.label}评议</Text>
        <Text className='muted review-head__sub'>
          {view.from} 至 {view.to} · {view.openedByName}于{formatTime(view.openedAt)}冻结 · 全区平均 {view.prior.mean.toFixed(2)} 星
        </Text>
        <ExportButtons id={id} orgId={orgId} />
      </View>
      {view.rows.length === 0 ? <Empty title='这次评议里没有您辖区的社区' /> : null}
      <View className='review-rows'>
        {view.rows.map((r) => (
          <RowCard key={r.communityId} reviewId={id} row={{ ...r, comment: r.communityId in rows ? rows[r.communityId] : r.comment }} onComment={(c) => setRows((cur) => ({ ...cur, [r.communityId]: c }))} />
        ))}
      </View>
    </View>
  )
}

function ExportButtons({ id, orgId }: { id: string; orgId: string }) {
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null)
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null)
  const run = async (format: 'csv' | 'xlsx'): Promise<void> => {
    if (busy) return
    setBusy(format)
    setNote(null)
    const env = await reports.reviewFile(id, orgId, format)
    if (!env.ok) {
      setBusy(null)
      setNote({ ok: false, text: env.error.message })
      return
    }
    const saved = await saveFile(env.data)
    setBusy(null)
    setNote(saved.ok ? { ok: true, text: savedText(env.data, saved.how) } : { ok: false, text: saved.message })
  }
  return (
    <View>
      <View className='review-export'>
        <Button className={`btn btn--primary review-export__btn${busy ? ' btn--disabled' : ''}`} data-testid='review-export-xlsx' disabled={!!busy || undefined} onClick={() => void run('xlsx')}>
          {busy === 'xlsx' ? '正在生成…' : '导出 Excel'}
        </Button>
        <Button className={`btn btn--plain review-export__btn${busy ? ' btn--disabled' : ''}`} data-testid='review-export-csv' disabled={!!busy || undefined} onClick={() => void run('csv')}>
          {busy === 'csv' ? '正在生成…' : '导出 CSV'}
        </Button>
      </View>
      {note ? (
        <Text className={`review-note${note.ok ? '' : ' review-note--bad'}`} data-testid='review-export-note'>
          {note.text}
        </Text>
      ) : null}
    </View>
  )
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <View className='review-fig'>
      <Text className='review-fig__num'>{value}</Text>
      <Text className='review-fig__cap muted'>{label}</Text>
    </View>
  )
}

function RowCard({ reviewId, row, onComment }: { reviewId: string; row: ReviewRowView; onComment: (c: ReviewRowView['comment']) => void }) {
  const [editing, setEditing] = useState(false)
  return (
    <View className='card review-row' data-testid={`review-row-${row.communityId}`}>
      <View className='review-row__head'>
        {row.rank === null ? (
          <Text className='review-row__rank review-row__rank--none'>未排名</Text>
        ) : (
          <Text className={`review-row__rank${row.rank <= 3 ? ' review-row__rank--top' : ''}`}>第{row.rank}名</Text>
        )}
        <View className='review-row__who'>
          <Text className='review-row__name'>{row.communityName}</Text>
          <Text className='muted'>
            {row.streetName}
            {row.secretaries.length ? ` · 书记 ${row.secretaries.join('、')}` : ''}
          </Text>
        </View>
      </View>
      <View className='review-row__figs'>
        <Figure label='满意率' value={pct(row.satisfactionRate)} />
        <Figure label='平滑满意度' value={stars(row.smoothedSatisfaction)} />
        <Figure label='接单率' value={pct(row.acceptRate)} />
        <Figure label='按时办结率' value={pct(row.onTimeResolveRate)} />
        <Figure label='重办率' value={pct(row.reopenRate)} />
        <Figure label='回访满意率' value={pct(row.visitSatisfiedRate)} />
      </View>
      {row.rank === null ? <Text className='muted review-row__counts'>半年内没有居民评价或回访，不参与满意度排名。</Text> : null}
      <Text className='muted review-row__counts'>
        诉求 {row.count} 件 · 评价 {row.rated} 件 · 回访 {row.visited} 次 · 双报到 {row.service.volunteers} 人服务 {row.service.sessions} 次、{row.service.hours} 小时
      </Text>
      {row.comment && !editing ? (
        <View className='review-comment' data-testid='review-comment'>
          <Text className='review-comment__label'>街道评语</Text>
          <Text className='review-comment__text'>{row.comment.text}</Text>
          <Text className='muted review-comment__by'>
            {row.comment.byName} · {formatTime(row.comment.at)}
          </Text>
        </View>
      ) : null}
      {row.canComment && !editing ? (
        <Button className='btn btn--plain btn--block review-row__comment-btn' data-testid='review-comment-edit' onClick={() => setEditing(true)}>
          {row.comment ? '修改评语' : '写评语'}
        </Button>
      ) : null}
      {editing ? (
        <CommentForm
          reviewId={reviewId}
          communityId={row.communityId}
          initial={row.comment?.text ?? ''}
          onCancel={() => setEditing(false)}
          onSaved={(c) => {
            onComment(c)
            setEditing(false)
          }}
        />
      ) : null}
    </View>
  )
}

function CommentForm({ reviewId, communityId, initial, onCancel, onSaved }: { reviewId: string; communityId: string; initial: string; onCancel: () => void; onSaved: (c: ReviewRowView['comment']) => void }) {
  const [text, setText] = useState(initial)
  const m = useMutation()
  const busy = m.busy === 'comment'
  const [invalid, setInvalid] = useState<string | null>(null)
  const error = invalid ?? m.errorOf('comment')
  const save = async (): Promise<void> => {
    if (busy) return
    m.clearError('comment')
    if (charCount(text) < 2) return setInvalid('评语至少2个字')
    if (charCount(text) > COMMENT_MAX) return setInvalid(`评语不能超过${COMMENT_MAX}个字`)
    setInvalid(null)
    const comment = text.trim()
    await m.run('comment', { reviewId, communityId, comment }, (key) => reports.commentReview(reviewId, communityId, comment, key), {
      done: '评语已保存',
      quietError: true,
      onDone: (data) => onSaved(data.comment),
    })
  }
  return (
    <View className='review-form' data-testid='review-comment-form'>
      <Field label='街道评语' error={error} aside={<Text className='muted'>{charCount(text)}/{COMMENT_MAX}</Text>}>
        <AreaInput testId='review-comment-text' value={text} maxlength={COMMENT_MAX} placeholder='对这个社区半年工作的评价' onChange={setText} />
      </Field>
      <View className='review-export'>
        <Button className={`btn btn--primary review-export__btn review-form__save${busy ? ' btn--disabled' : ''}`} data-testid='review-comment-save' disabled={busy || undefined} onClick={() => void save()}>
          {busy ? '正在保存…' : '保存评语'}
        </Button>
        <Button className='btn btn--plain review-export__btn' onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  )
}
