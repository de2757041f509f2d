/**
 * Voice input for the intake form.
 *   h5: the Web Speech API (`SpeechRecognition` / `webkitSpeechRecognition`, lang zh-CN)
 *       when the browser has it — the browser sends the audio to its speech service,
 *       which is why this lives in services/. Hidden when the browser has none.
 *   weapp: no speech API without a plugin (同声传译 is a plugin we do not ship), so
 *       the page points people to the keyboard's own 话筒 instead of a fake button.
 */

export interface Dictation {
  stop(): void
}

interface RecognitionResultLike {
  isFinal: boolean
  0: { transcript: string }
}

interface RecognitionEventLike {
  resultIndex: number
  results: ArrayLike<RecognitionResultLike>
}

interface RecognitionLike {
  lang: string
  continuous: boolean
  interimResults: boolean
  onresult: ((e: RecognitionEventLike) => void) | null
  onerror: ((e: { error?: string }) => void) | null
  onend: (() => void) | null
  start(): void
  stop(): void
}

type RecognitionCtor = new () => RecognitionLike

function recognitionCtor(): RecognitionCtor | null {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return null
  const w = window as unknown as { SpeechRecognition?: RecognitionCtor; webkitSpeechRecognition?: RecognitionCtor }
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null
}

/** Can this device turn speech into text in the page? */
export function canDictate(): boolean {
  return recognitionCtor() !== null
}

const ERRORS: Record<string, string> = {
  'not-allowed': '没有麦克风权限，请在浏览器设置里允许使用麦克风',
  'service-not-allowed': '此浏览器不允许语音输入',
  'no-speech': '没有听到声音，请再说一次',
  network: '语音识别需要联网，请检查网络',
  'audio-capture': '没有找到麦克风',
}

/**
 * Listen (zh-CN) and hand each finished sentence to `onText`. `onEnd` is called once
 * when listening stops, with an error message if it failed.
 */
export function startDictation(onText: (text: string) => void, onEnd: (error?: string) => void): Dictation | null {
  const Ctor = recognitionCtor()
  if (!Ctor) return null
  let ended = false
  let error: string | undefined
  const r = new Ctor()
  r.lang = 'zh-CN'
  r.continuous = true
  r.interimResults = false
  r.onresult = (e) => {
    for (let i = e.resultIndex; i < e.results.length; i++) {
      const res = e.results[i]
      if (res.isFinal && res[0].transcript.trim()) onText(res[0].transcript.trim())
    }
  }
  r.onerror = (e) => {
    if (e.error && e.error !== 'aborted') error = ERRORS[e.error] ?? '语音识别出错，请改用文字输入'
  }
  r.onend = () => {
    if (ended) return
    ended = true
    onEnd(error)
  }
  try {
    r.start()
  } catch {
    return null
  }
  return {
    stop() {
      try {
        r.stop()
      } catch {
        // already stopped
      }
    },
  }
}
