import Taro from '@tarojs/taro'

/** A CSV file made in the app or by the server (UTF-8 with BOM, for Excel/WPS). */
export interface CsvFileLike {
  filename: string
  mime: string
  content: string
}

export type SaveOutcome =
  | { ok: true; how: 'download' | 'share' }
  | { ok: false; cancelled: boolean; message: string }

const errText = (e: unknown): string =>
  typeof e === 'object' && e !== null && typeof (e as { errMsg?: unknown }).errMsg === 'string' ? (e as { errMsg: string }).errMsg : String(e)

/**
 * Hand the CSV to the person. H5: a normal browser download. weapp: there is no
 * download folder and `openDocument` does not open .csv, so the file is written to the
 * app's user data directory and sent to a WeChat chat with `shareFileMessage` (e.g. to
 * 文件传输助手, then opened in Excel/WPS on a computer). Never throws.
 */
export async function saveCsv(file: CsvFileLike): Promise<SaveOutcome> {
  if (process.env.TARO_ENV === 'h5') {
    try {
      const blob = new Blob([file.content], { type: file.mime })
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
      Taro.getFileSystemManager().writeFile({ filePath, data: file.content, encoding: 'utf8', success: () => resolve(), fail: reject })
    })
    await Taro.shareFileMessage({ filePath, fileName: file.filename })
    return { ok: true, how: 'share' }
  } catch (e) {
    const msg = errText(e)
    return /cancel/i.test(msg)
      ? { ok: false, cancelled: true, message: '已取消发送' }
      : { ok: false, cancelled: false, message: '当前微信版本不能直接发送文件，可以复制表格内容后粘贴到电脑上的表格里' }
  }
}

/** Put the CSV text on the clipboard (paste into Excel/WPS). */
export function copyCsv(file: CsvFileLike): Promise<boolean> {
  return Taro.setClipboardData({ data: file.content.replace(/^\uFEFF/, '') })
    .then(() => true)
    .catch(() => false)
}
