import { useCallback, useEffect, useRef, useState } from 'react'
import { chooseImages, uploadImage, type PickedImage } from '../services/upload'

export interface PhotoItem {
  key: string
  /** Preview source: the local temp path / blob URL until uploaded, then kept for display. */
  preview: string
  status: 'uploading' | 'done' | 'error'
  fileID?: string
  error?: string
  local: PickedImage
}

export interface PhotoUploads {
  items: PhotoItem[]
  /** Open the picker for the remaining slots; each chosen photo uploads at once. */
  add: () => Promise<void>
  remove: (key: string) => void
  retry: (key: string) => void
  /** Uploaded fileIDs in display order. */
  fileIDs: string[]
  /** Some photo is still uploading. */
  busy: boolean
  /** Some photo failed (retry or remove it before submitting). */
  failed: boolean
  reset: () => void
  max: number
}

let seq = 0

/** Photos attached to a form (intake, 办结): pick → upload immediately → keep fileIDs. */
export function usePhotoUploads(max: number): PhotoUploads {
  const [items, setItems] = useState<PhotoItem[]>([])
  const itemsRef = useRef(items)
  itemsRef.current = items
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    [],
  )

  const patch = useCallback((key: string, p: Partial<PhotoItem>) => {
    if (!alive.current) return
    setItems((cur) => cur.map((it) => (it.key === key ? { ...it, ...p } : it)))
  }, [])

  const upload = useCallback(
    async (key: string, local: PickedImage) => {
      patch(key, { status: 'uploading', error: undefined })
      const env = await uploadImage(local)
      if (env.ok) patch(key, { status: 'done', fileID: env.data.fileID })
      else patch(key, { status: 'error', error: env.error.message })
    },
    [patch],
  )

  const add = useCallback(async () => {
    const room = max - itemsRef.current.length
    if (room <= 0) return
    const picked = await chooseImages(room)
    if (!alive.current || picked.length === 0) return
    const fresh: PhotoItem[] = picked.slice(0, max - itemsRef.current.length).map((local) => ({
      key: `p${++seq}`,
      preview: local.path,
      status: 'uploading',
      local,
    }))
    setItems((cur) => [...cur, ...fresh].slice(0, max))
    for (const it of fresh) void upload(it.key, it.local)
  }, [max, upload])

  const remove = useCallback((key: string) => setItems((cur) => cur.filter((it) => it.key !== key)), [])
  const retry = useCallback(
    (key: string) => {
      const it = itemsRef.current.find((i) => i.key === key)
      if (it) void upload(key, it.local)
    },
    [upload],
  )
  const reset = useCallback(() => setItems([]), [])

  return {
    items,
    add,
    remove,
    retry,
    reset,
    max,
    fileIDs: items.filter((i) => i.status === 'done' && i.fileID).map((i) => i.fileID as string),
    busy: items.some((i) => i.status === 'uploading'),
    failed: items.some((i) => i.status === 'error'),
  }
}
