import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '../../components/page-shell'
import { decodeScene, sceneFromPath } from '../../lib/scene'
import './index.scss'

/**
 * Intake entry (扫码报事). A building/unit QR code opens this page with `scene`;
 * resolving it through `org.resolveScene` and the intake form come next.
 */
export default function Scan() {
  const router = useRouter()
  const [scene, setScene] = useState(() => decodeScene(router.params.scene))

  const scanAgain = (): void => {
    // 'wxCode' (小程序码) is a valid wx.scanCode scanType missing from Taro's ScanType typing.
    const scanType = ['qrCode', 'wxCode'] as (keyof Taro.scanCode.ScanType)[]
    Taro.scanCode({ onlyFromCamera: true, scanType })
      .then((res) => {
        const s = sceneFromPath(res.path) || decodeScene(res.result)
        setScene(s)
      })
      .catch(() => {
        // Cancelled by the user: stay on the page as it is.
      })
  }

  return (
    <PageShell className='scan' testId='page-scan'>
      <View className='page-header'>
        <Text className='page-header__title'>扫码报事</Text>
        <Text className='page-header__sub muted'>扫描楼栋或单元门口的二维码，向网格反映问题</Text>
      </View>
      {scene ? (
        <View className='card scan__scene' data-testid='scan-scene'>
          <Text className='scan__scene-text'>扫码报事 · 场景码 {scene}</Text>
          <Text className='scan__note muted'>正在识别楼栋信息，报事表单即将开放。</Text>
        </View>
      ) : (
        <View className='card scan__missing' data-testid='scan-missing'>
          <Text className='scan__scene-text'>未识别到楼栋二维码</Text>
          <Text className='scan__note muted'>请扫描张贴在楼栋或单元门口的“红色网格”二维码。</Text>
        </View>
      )}
      {process.env.TARO_ENV === 'weapp' ? (
        <Button className='btn btn--primary scan__button' data-testid='scan-button' onClick={scanAgain}>
          {scene ? '重新扫码' : '扫一扫'}
        </Button>
      ) : null}
    </PageShell>
  )
}
