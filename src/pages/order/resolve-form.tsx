import { useState } from 'react'
import Field from '@/components/field'
import PhotoPicker from '@/components/photo-picker'
import { usePhotoUploads } from '@/hooks/use-photo-uploads'
import { ORDER_TEXT_LIMITS } from '@domain/orders/limits'
import TextActionForm from './action-form'

/** 办结: the note (proof) and photos of the finished work. */
export default function ResolveForm({
  busy,
  error,
  onCancel,
  onConfirm,
}: {
  busy: boolean
  error: string | null
  onCancel: () => void
  onConfirm: (note: string, media: string[]) => void
}) {
  const photos = usePhotoUploads(3)
  const [photoError, setPhotoError] = useState<string | null>(null)
  return (
    <TextActionForm
      testId='form-resolve'
      title='办结'
      label='办结说明'
      placeholder='怎么处理的、结果如何，比如：已更换3楼楼道灯，亮了'
      min={ORDER_TEXT_LIMITS.resolveNote.min}
      max={ORDER_TEXT_LIMITS.resolveNote.max}
      confirmText={photos.busy ? '照片上传中…' : '确认办结'}
      busy={busy || photos.busy}
      error={error}
      onCancel={onCancel}
      onConfirm={(note) => {
        if (photos.failed) {
          setPhotoError('有照片没传上去，请点照片重试，或删掉它')
          return
        }
        setPhotoError(null)
        onConfirm(note, photos.fileIDs)
      }}
    >
      <Field label='现场照片' optional hint='拍一张办好后的照片，居民看得更放心' error={photoError}>
        <PhotoPicker photos={photos} testId='resolve-photos' />
      </Field>
    </TextActionForm>
  )
}
