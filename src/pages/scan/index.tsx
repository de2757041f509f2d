import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import { Loading, ErrorState } from '@/components/state-view'
import { useResource } from '@/hooks/use-resource'
import { decodeScene, sceneFromPath } from '@/lib/scene'
import { go } from '@/lib/nav'
import { resolveScene } from '@/services/org'
import { IntakeForm } from './intake-form'
import './index.scss'

const INVALID_SCENE = '二维码无效或已被篡改'

/** The scene this page was opened with: the page query, else the launch query when WeChat opened us by a scan. */
function initialScene(param: string | undefined): string {
  const fromQuery = decodeScene(param)
  if (fromQuery || process.env.TARO_ENV !== 'weapp') return fromQuery
  try {
    const launch = Taro.getLaunchOptionsSync()
    if (launch.path === 'pages/scan/index') return decodeScene(launch.query?.scene as string | undefined)
  } catch {
    // not available in this runtime
  }
  return ''
}

/**
 * 扫码报事 (intake). A building/unit QR code opens this page with `scene`; the place
 * comes from the signed scene, so nobody types an address.
 */
export default function Scan() {
  const router = useRouter()
  const [scene, setScene] = useState(() => initialScene(router.params.scene))

  useEffect(() => {
    // A red station's printed code (scene "S…") opens here when scanned with WeChat's 扫一扫: it is a check-in, not a report.
    if (scene?.startsWith('S')) void Taro.redirectTo({ url: `/packages/volunteer/pages/checkin/index?scene=${encodeURIComponent(scene)}` })
  }, [scene])

  const scanAgain = (): void => {
    // 'wxCode' (小程序码) is a valid wx.scanCode scanType missing from Taro's ScanType typing.
    const scanType = ['qrCode', 'wxCode'] as (keyof Taro.scanCode.ScanType)[]
    Taro.scanCode({ onlyFromCamera: true, scanType })
      .then((res) => setScene(sceneFromPath(res.path) || decodeScene(res.result)))
      .catch(() => {
        // Cancelled by the user: stay on the page as it is.
      })
  }

  return (
    <PageShell className='scan' testId='page-scan'>
      {scene ? <Intake key={scene} scene={scene} onRescan={scanAgain} /> : <NoScene onScan={scanAgain} />}
    </PageShell>
  )
}

function ScanButton({ onScan, label }: { onScan: () => void; label: string }) {
  if (process.env.TARO_ENV !== 'weapp') {
    // No scanner in a browser: the phone's camera or WeChat opens the code's link instead.
    return (
      <View>
        <Text className='scan__note muted scan__h5-hint'>请用手机相机或微信“扫一扫”扫描门口的二维码。</Text>
        <Button className='btn btn--plain btn--block scan__button' data-testid='scan-home' onClick={() => go('/pages/index/index')}>
          回到首页
        </Button>
      </View>
    )
  }
  return (
    <Button className='btn btn--primary btn--block scan__button' data-testid='scan-button' onClick={onScan}>
      {label}
    </Button>
  )
}

function NoScene({ onScan }: { onScan: () => void }) {
  return (
    <View>
      <View className='page-header'>
        <Text className='page-header__title'>扫码报事</Text>
        <Text className='page-header__sub muted'>扫描楼栋或单元门口的二维码，向网格反映问题</Text>
      </View>
      <View className='card scan__missing' data-testid='scan-missing'>
        <Text className='scan__missing-title'>请扫描楼栋门口的二维码</Text>
        <Text className='scan__note muted'>
          二维码贴在楼栋或单元门口的“红色网格”牌子上。扫码后会自动带出您所在的楼栋，不用填写地址。
        </Text>
      </View>
      <ScanButton onScan={onScan} label='扫一扫' />
    </View>
  )
}

function Intake({ scene, onRescan }: { scene: string; onRescan: () => void }) {
  const place = useResource(() => resolveScene(scene), [scene])
  if (place.state.status === 'loading') return <Loading text='正在识别楼栋…' rows={2} />
  if (place.state.status === 'error') {
    const code = place.error?.code
    // resolveScene refuses an edited/unknown scene with INVALID_ARGUMENT/NOT_FOUND; anything else is transient.
    if (code === 'INTERNAL' || code === 'RATE_LIMITED' || code === 'UNAUTHENTICATED') {
      return <ErrorState message={place.state.message} onRetry={() => void place.reload()} />
    }
    return (
      <View>
        <View className='card scan__invalid' data-testid='scan-invalid'>
          <Text className='scan__invalid-title'>{INVALID_SCENE}</Text>
          <Text className='scan__note'>请重新扫描楼栋门口张贴的二维码。如果二维码有破损或涂改，请告诉网格员或社区。</Text>
          <Text className='scan__code muted' data-testid='scan-scene'>
            扫到的编号：{scene}
          </Text>
        </View>
        <ScanButton onScan={onRescan} label='重新扫码' />
      </View>
    )
  }
  return <IntakeForm scene={scene} place={place.state.data} />
}

/** "文汇社区第一网格" under 文汇社区 reads as "第一网格". */
