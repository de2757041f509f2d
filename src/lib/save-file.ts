import Taro from '@tarojs/taro'

/** A file made by the server or the app: CSV text (utf8, with BOM) or XLSX bytes (base64). */
export interface FileLike {
  filename: string
  mime: string
  encoding: 'utf8' | 'base64'
  content: string
}

export type SaveOutcome =
  | { ok: true; how: 'download' | 'share' | 'open' }
  | { ok: false; cancelled: boolean; message: string }

const errText = (e: unknown): string =>
  typeof e === 'object' && e !== null && typeof (e as { errMsg?: unknown }).errMsg === 'string' ? (e as { errMsg: string }).errMsg : String(e)

const bytesOf = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))

/** What the person is told after a save, in one sentence. */
export const savedText = (file: FileLike, how: 'download' | 'share' | 'open'): string =>
  how === 'download'
    ? `已下载“${file.filename}”，可用 Excel 或 WPS 打开`
    : how === 'open'
      ? `已打开“${file.filename}”，可在右上角转发或保存`
      : `已发送“${file.filename}”，在电脑微信里打开即可`

/**
 * Hand a file to the person. H5: a normal browser download. weapp: there is no download
 * folder; the file is written to the user data directory, then an .xlsx is opened with
 * `openDocument` (its menu forwards or saves it) and a .csv, which openDocument cannot
 * show, is sent to a chat with `shareFileMessage` (e.g. 文件传输助手). Never throws.
 */
export async function saveFile(file: FileLike): Promise<SaveOutcome> {
  if (process.env.TARO_ENV === 'h5') {
    try {
      const blob = new Blob([file.encoding === 'base64' ? bytesOf(file.content) : file.content], { type: file.mime })
      const url = URL.createObjectURL(blob)
      const a = document.createElement('a')
      a.href = url
      a.download = file.filename
      a.style.display = 'none'
      document.body.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 30_000)
      return { ok: true, how: 'download' }
    } catch (e) {
      return { ok: false, cancelled: false, message: `浏览器没能下载文件：${errText(e)}` }
    }
  }
  try {
    const dir = (Taro.env.USER_DATA_PATH ?? '').replace(/\/+$/, '')
    if (!dir) throw new Error('no user data path')
    const filePath = `${dir}/${file.filename}`
    await new Promise<void>((resolve, reject) => {
      Taro.getFileSystemManager().writeFile({ filePath, data: file.content, encoding: file.encoding, success: () => resolve(), fail: reject })
    })
    if (/\.xlsx$/i.test(file.filename)) {
      await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true })
      return { ok: true, how: 'open' }
    }
    await Taro.shareFileMessage({ filePath, fileName: file.filename })
    return { ok: true, how: 'share' }
  } catch (e) {
    const msg = errText(e)
    return /cancel/i.test(msg)
      ? { ok: false, cancelled: true, message: '已取消发送' }
      : { ok: false, cancelled: false, message: '当前微信版本不能直接发送文件，可以复制表格内容后粘贴到电脑上的表格里' }
  }
}
