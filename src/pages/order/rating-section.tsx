import { View, Text, Button } from '@tarojs/components'
import StarRating from '@/components/star-rating'
import { formatTime } from '@/lib/format'
import * as orders from '@/services/orders'
import type { RateInput } from '@/services/orders'
import type { OrderSectionProps } from './actions'
import RateForm from './rate-form'

/** 评价: the form while the resident may rate, the stars once rated, and the one change within 24 h. */
export default function RatingSection({ o, busy, errorOf, panel, setPanel, run }: OrderSectionProps) {
  return (
    <View>
      {o.can.rate ? (
        <RateForm
          busy={busy === 'rate'}
          error={errorOf('rate')}
          onSubmit={(input: Omit<RateInput, 'id'>) => run('rate', { id: o.id, ...input }, (k) => orders.rate({ id: o.id, ...input }, k), '感谢您的评价')}
        />
      ) : null}

      {o.rating && panel === 'editRating' ? (
        <RateForm
          initial={{ stars: o.rating.stars, dims: o.rating.dims, tags: o.rating.tags, comment: o.rating.comment }}
          busy={busy === 'editRating'}
          error={errorOf('editRating')}
          onCancel={() => setPanel(null)}
          onSubmit={(input: Omit<RateInput, 'id'>) => run('editRating', { id: o.id, ...input }, (k) => orders.editRating({ id: o.id, ...input }, k), '评价已修改')}
        />
      ) : o.rating ? (
        <View className='card order-rating' data-testid='order-rating'>
          <Text className='section-title'>居民评价</Text>
          <StarRating value={o.rating.stars} size='big' testId='rating-stars' />
          {o.rating.tags?.length ? (
            <View className='order-rating__tags'>
              {o.rating.tags.map((t) => (
                <Text key={t} className='tag-chip tag-chip--on tag-chip--static'>
                  {t}
                </Text>
              ))}
            </View>
          ) : null}
          {o.rating.comment ? <Text className='order-rating__comment'>“{o.rating.comment}”</Text> : null}
          <Text className='muted order-rating__at'>
            {formatTime(o.rating.at)}
            {o.rating.byProxy ? ' · 代办人评价' : ''}
            {o.rating.editedAt ? ` · 已修改（原${o.rating.firstStars ?? '-'}星）` : ''}
          </Text>
          {o.can.editRating && o.rating.editableUntil ? (
            <View className='order-rating__edit'>
              <Text className='muted'>{formatTime(o.rating.editableUntil)}前可修改一次</Text>
              <Button className='btn btn--plain' data-testid='rating-edit' onClick={() => setPanel(panel === 'editRating' ? null : 'editRating')}>
                修改评价
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}

    </View>
  )
}
