/**
 * Photos for orders (up to 3): pick on the device, then upload.
 *   weapp → Taro.cloud.uploadFile({cloudPath: 'orders/<yyyymmdd>/<random>.<ext>'}) → fileID `cloud://…`
 *   h5    → POST /api/upload (raw image body, content-type image/*) → {fileID: '/uploads/<hex>.<ext>'}
 * The fileID is what the order stores and what <Image src> shows on either platform.
 * Failures come back as an error envelope with a Chinese message; nothing here throws to pages.
 */
import Taro from '@tarojs/taro'
import type { Envelope } from '@domain/model/envelope'
import { randomId } from '../lib/ids'
import { ensureDevOpenid } from './dev-identities'

/** The host's (and our) per-photo limit. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
/** H5: photos larger than this (or wider than MAX_EDGE) are re-encoded as JPEG before upload. */
const COMPRESS_ABOVE_BYTES = 800 * 1024
const MAX_EDGE = 1600
const JPEG_QUALITY = 0.82
const H5_TIMEOUT_MS = 30_000

const ALLOWED_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
type AllowedType = (typeof ALLOWED_TYPES)[number]

/** A photo chosen on the device, not yet uploaded. */
export interface PickedImage {
  /** Shows the preview: a temp file path (weapp) or a blob: URL (h5). */
  path: string
  size: number
  /** h5: the file itself (weapp uploads by path). */
  file?: Blob
  type?: string
}

export interface Uploaded {
  fileID: string
}

const fail = (code: 'INVALID_ARGUMENT' | 'INTERNAL', message: string): Envelope<never> => ({ ok: false, error: { code, message } })
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/**
 * Let the person take or pick up to `count` photos. Resolves to [] when they cancel.
 * weapp asks for the compressed version; h5 compresses at upload time.
 */
export async function chooseImages(count: number): Promise<PickedImage[]> {
  if (count <= 0) return []
  try {
    const res = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
    const files = (res.tempFiles ?? []) as (Taro.chooseImage.ImageFile & { originalFileObj?: Blob; type?: string })[]
    if (files.length === 0) return (res.tempFilePaths ?? []).slice(0, count).map((p) => ({ path: p, size: 0 }))
    return files.slice(0, count).map((f) => ({
      path: f.path,
      size: f.size,
      file: f.originalFileObj,
      type: f.type ?? f.originalFileObj?.type,
    }))
  } catch {
    return [] // cancelled, or no permission: the form stays as it was
  }
}

function yyyymmdd(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}`
}

function extOf(path: string): string {
  const m = /\.(jpe?g|png|webp)(?:\?|$)/i.exec(path)
  return m ? m[1].toLowerCase().replace('jpeg', 'jpg') : 'jpg'
}

/** Upload one picked photo; resolves to its fileID. */
export function uploadImage(img: PickedImage): Promise<Envelope<Uploaded>> {
  return process.env.TARO_ENV === 'h5' ? uploadH5(img) : uploadWeapp(img)
}

// ---------------------------------------------------------------- weapp

async function uploadWeapp(img: PickedImage): Promise<Envelope<Uploaded>> {
  if (img.size > MAX_UPLOAD_BYTES) return fail('INVALID_ARGUMENT', '照片太大（超过5MB），请换一张')
  const cloudPath = `orders/${yyyymmdd(new Date())}/${randomId(20)}.${extOf(img.path)}`
  try {
    const res = await Taro.cloud.uploadFile({ cloudPath, filePath: img.path })
    if (typeof res.fileID === 'string' && res.fileID) return { ok: true, data: { fileID: res.fileID } }
    return fail('INTERNAL', '照片上传失败，请重试')
  } catch (err) {
    console.warn('[upload] cloud.uploadFile failed:', isRecord(err) ? err.errMsg : err)
    return fail('INTERNAL', '照片上传失败，请检查网络后重试')
  }
}

// ---------------------------------------------------------------- h5

const isAllowed = (t: string | undefined): t is AllowedType => !!t && (ALLOWED_TYPES as readonly string[]).includes(t)

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const el = new Image()
    el.onload = () => resolve(el)
    el.onerror = () => reject(new Error('image decode failed'))
    el.src = src
  })
}

/** Re-encode big or odd-format photos as a JPEG no wider/taller than MAX_EDGE. */
async function prepareH5(img: PickedImage): Promise<{ body: Blob; type: AllowedType } | null> {
  const file: Blob = img.file ?? (await (await fetch(img.path)).blob())
  const type = file.type || img.type
  if (isAllowed(type) && file.size <= COMPRESS_ABOVE_BYTES) return { body: file, type }
  try {
    const url = URL.createObjectURL(file)
    try {
      const el = await loadImage(url)
      const scale = Math.min(1, MAX_EDGE / Math.max(el.naturalWidth, el.naturalHeight))
      const canvas = document.createElement('canvas')
      canvas.width = Math.max(1, Math.round(el.naturalWidth * scale))
      canvas.height = Math.max(1, Math.round(el.naturalHeight * scale))
      const ctx = canvas.getContext('2d')
      if (!ctx) throw new Error('no 2d context')
      ctx.fillStyle = '#fff' // transparent PNG areas become white, not black
      ctx.fillRect(0, 0, canvas.width, canvas.height)
      ctx.drawImage(el, 0, 0, canvas.width, canvas.height)
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY))
      if (blob && (blob.size < file.size || !isAllowed(type))) return { body: blob, type: 'image/jpeg' }
    } finally {
      URL.revokeObjectURL(url)
    }
  } catch {
    // the browser cannot decode it (e.g. HEIC): send as is if the host accepts the type
  }
  return isAllowed(type) ? { body: file, type } : null
}

async function uploadH5(img: PickedImage): Promise<Envelope<Uploaded>> {
  let prepared: { body: Blob; type: AllowedType } | null
  try {
    prepared = await prepareH5(img)
  } catch {
    return fail('INVALID_ARGUMENT', '无法读取这张照片，请换一张')
  }
  if (!prepared) return fail('INVALID_ARGUMENT', '只支持 JPG、PNG、WebP 格式的照片')
  if (prepared.body.size > MAX_UPLOAD_BYTES) return fail('INVALID_ARGUMENT', '照片太大（超过5MB），请换一张')

  const headers: Record<string, string> = { 'content-type': prepared.type }
  const openid = await ensureDevOpenid()
  if (openid) headers['X-Dev-Openid'] = openid
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined
  const timer = controller ? setTimeout(() => controller.abort(), H5_TIMEOUT_MS) : undefined
  try {
    const res = await fetch('/api/upload', { method: 'POST', headers, body: prepared.body, signal: controller?.signal })
    let body: unknown = null
    try {
      body = await res.json()
    } catch {
      // not JSON: handled below by status
    }
    if (res.ok && isRecord(body) && typeof body.fileID === 'string') return { ok: true, data: { fileID: body.fileID } }
    const message = errorMessageOf(body)
    if (res.status === 413) return fail('INVALID_ARGUMENT', message ?? '照片太大（超过5MB），请换一张')
    if (res.status >= 400 && res.status < 500) return fail('INVALID_ARGUMENT', message ?? '这张照片无法上传，请换一张')
    return fail('INTERNAL', message ?? '照片上传失败，请稍后重试')
  } catch (err) {
    console.warn('[upload] POST /api/upload failed:', err)
    return fail('INTERNAL', '照片上传失败，请检查网络后重试')
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
}

/** `{error: '…'}` (the host), `{error:{message}}`, `{result:{ok:false,error:{message}}}` or `{message}`. */
function errorMessageOf(body: unknown): string | null {
  if (!isRecord(body)) return null
  if (typeof body.error === 'string' && body.error) return body.error
  const candidates = [body.error, isRecord(body.result) ? body.result.error : undefined, body]
  for (const c of candidates) if (isRecord(c) && typeof c.message === 'string' && c.message) return c.message
  return null
}
