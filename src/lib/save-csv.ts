import Taro from '@tarojs/taro'
import { saveFile, type SaveOutcome } from './save-file'

/** A CSV file made in the app or by the server (UTF-8 with BOM, for Excel/WPS). */
export interface CsvFileLike {
  filename: string
  mime: string
  content: string
}

export type { SaveOutcome } from './save-file'

/** Hand the CSV to the person (download on H5, a file sent to a chat on weapp); never throws. */
export const saveCsv = (file: CsvFileLike): Promise<SaveOutcome> => saveFile({ ...file, encoding: 'utf8' })

/** Put the CSV text on the clipboard (paste into Excel/WPS). */
export function copyCsv(file: CsvFileLike): Promise<boolean> {
  return Taro.setClipboardData({ data: file.content.replace(/^\uFEFF/, '') })
    .then(() => true)
    .catch(() => false)
}
