import { useState } from 'react'
import Taro from '@tarojs/taro'
import { copyCsv, saveCsv, type CsvFileLike } from '../lib/save-csv'
import { savedText } from '../lib/save-file'

/** Where a file comes from: made on the spot, or asked of the server (which may refuse). */
export type CsvSource = () => Promise<{ ok: true; file: CsvFileLike } | { ok: false; message: string }>

/**
 * 导出 CSV on a page: one export at a time, a one-line note of what happened, and — when the
 * file could not be handed over (an old WeChat) — the file kept so 复制表格内容 can put it on
 * the clipboard instead.
 */
export function useCsvExport() {
  const [exporting, setExporting] = useState(false)
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null)
  const [fallback, setFallback] = useState<CsvFileLike | null>(null)

  const run = async (source: CsvSource): Promise<void> => {
    if (exporting) return
    setExporting(true)
    setNote(null)
    setFallback(null)
    const made = await source()
    if (!made.ok) {
      setExporting(false)
      setNote({ ok: false, text: made.message })
      return
    }
    const saved = await saveCsv(made.file)
    setExporting(false)
    if (saved.ok) {
      setNote({ ok: true, text: savedText({ ...made.file, encoding: 'utf8' }, saved.how) })
    } else {
      setNote({ ok: false, text: saved.message })
      if (!saved.cancelled) setFallback(made.file)
    }
  }

  const copy = async (): Promise<void> => {
    if (!fallback) return
    const ok = await copyCsv(fallback)
    void Taro.showToast({ title: ok ? '已复制，可粘贴到表格' : '复制失败', icon: ok ? 'success' : 'none' })
  }

  return { exporting, note, fallback, run, copy }
}
