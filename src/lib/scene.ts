/** `decodeURIComponent(query.scene)`, tolerating a malformed escape. */
export function decodeScene(raw: string | undefined): string {
  if (!raw) return ''
  try {
    return decodeURIComponent(raw).trim()
  } catch {
    return raw.trim()
  }
}

/** Pull `scene` out of a scanned mini-program code path such as "pages/scan/index?scene=B1a2.xyz". */
export function sceneFromPath(path: string | undefined): string {
  if (!path) return ''
  const m = /[?&]scene=([^&]*)/.exec(path)
  return m ? decodeScene(m[1]) : ''
}
