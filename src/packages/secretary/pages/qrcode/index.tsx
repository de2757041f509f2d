import { useState } from 'react'
import { View, Text, Image } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { useWhoami } from '@/hooks/use-whoami'
import { useResource } from '@/hooks/use-resource'
import { qrcode, tree, type TreeNode } from '@/services/org'
import './index.scss'

const SCOPE_ROLES = ['secretary', 'district_admin']

/**
 * 楼栋二维码: pick a building (or one of its units) in my community and show its door
 * code to save and print. Above community level (区委), pick the community first.
 */
export default function QrcodePage() {
  const { state, reload } = useWhoami()
  const scope = state.status === 'ready' ? state.data.roles.find((r) => SCOPE_ROLES.includes(r.role)) : undefined
  return (
    <PageShell className='qrcode' testId='page-qrcode'>
      <View className='page-header'>
        <Text className='page-header__title'>楼栋二维码</Text>
        <Text className='page-header__sub muted'>选一栋楼，保存二维码打印，贴在楼栋或单元门口</Text>
      </View>
      {state.status === 'loading' ? <Loading rows={2} /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' && !scope ? <Empty title='您没有社区书记岗位' hint='只有社区书记和区委管理员可以生成楼栋二维码。' /> : null}
      {scope ? <Picker key={scope.orgId} rootId={scope.orgId} /> : null}
    </PageShell>
  )
}

function Picker({ rootId }: { rootId: string }) {
  const [at, setAt] = useState(rootId)
  const [chosen, setChosen] = useState<TreeNode | null>(null)
  const nodes = useResource(() => tree({ rootId: at, depth: 2 }), [at])

  if (nodes.state.status === 'loading') return <Loading rows={3} />
  if (nodes.state.status === 'error') return <ErrorState message={nodes.state.message} onRetry={() => void nodes.reload()} />
  const all = nodes.state.data.nodes
  const here = all.find((n) => n._id === at)
  const children = (id: string): TreeNode[] => all.filter((n) => n.parentId === id)

  if (chosen) {
    const building = chosen.type === 'unit' ? all.find((n) => n._id === chosen.parentId) ?? null : chosen
    return (
      <View>
        <Code key={chosen._id} orgId={chosen._id} />
        {building ? <Units building={building} chosen={chosen} onChoose={setChosen} /> : null}
        <View className='card qr-back' data-testid='qr-back' onClick={() => setChosen(null)}>
          <Text>‹ 换一栋楼</Text>
        </View>
      </View>
    )
  }

  // Community or grid: grids as sections with their buildings. Above: drill down.
  if (here && (here.type === 'community' || here.type === 'grid')) {
    const grids = here.type === 'grid' ? [here] : children(here._id).filter((n) => n.type === 'grid')
    if (grids.length === 0) return <Empty title='还没有楼栋' hint='请联系区委管理员录入网格和楼栋。' />
    return (
      <View data-testid='qr-buildings'>
        {at !== rootId ? (
          <View className='card qr-back' onClick={() => setAt(rootId)}>
            <Text>‹ 返回</Text>
          </View>
        ) : null}
        {grids.map((g) => (
          <View key={g._id} className='card'>
            <Text className='section-title'>{g.name}</Text>
            <View className='qr-picks'>
              {children(g._id)
                .filter((n) => n.type === 'building')
                .map((b) => (
                  <Pick key={b._id} label={b.name} testId={`qr-pick-${b._id}`} onTap={() => setChosen(b)} />
                ))}
            </View>
          </View>
        ))}
      </View>
    )
  }
  const below = children(at).filter((n) => ['street', 'community', 'grid'].includes(n.type))
  return (
    <View>
      {at !== rootId ? (
        <View className='card qr-back' onClick={() => setAt(rootId)}>
          <Text>‹ 返回</Text>
        </View>
      ) : null}
      {below.length === 0 ? <Empty title='这里没有社区' /> : null}
      {below.map((n) => (
        <View key={n._id} className='card qr-row' onClick={() => setAt(n._id)}>
          <Text className='qr-row__name'>{n.name}</Text>
          <Text className='qr-row__go'>›</Text>
        </View>
      ))}
    </View>
  )
}

/** The whole building or one of its units (loaded when the building is picked). */
function Units({ building, chosen, onChoose }: { building: TreeNode; chosen: TreeNode; onChoose: (n: TreeNode) => void }) {
  const units = useResource(() => tree({ rootId: building._id, depth: 1 }), [building._id])
  const list = units.state.status === 'ready' ? units.state.data.nodes.filter((n) => n.parentId === building._id && n.type === 'unit') : []
  return (
    <View className='card' data-testid='qr-units'>
      <Text className='section-title'>{building.name}：整栋或单元</Text>
      <View className='qr-picks'>
        <Pick label='整栋楼' on={chosen._id === building._id} onTap={() => onChoose(building)} />
        {list.map((u) => (
          <Pick key={u._id} label={u.name.replace(building.name, '') || u.name} on={chosen._id === u._id} testId={`qr-pick-${u._id}`} onTap={() => onChoose(u)} />
        ))}
      </View>
      {units.state.status === 'loading' ? <Text className='muted'>正在加载单元…</Text> : null}
      {units.state.status === 'error' ? <Text className='field__error'>{units.state.message}</Text> : null}
    </View>
  )
}

function Pick({ label, on, onTap, testId }: { label: string; on?: boolean; onTap: () => void; testId?: string }) {
  return (
    <View className={`qr-pick${on ? ' qr-pick--on' : ''}`} data-testid={testId} onClick={onTap}>
      <Text>{label}</Text>
    </View>
  )
}

function Code({ orgId }: { orgId: string }) {
  const code = useResource(() => qrcode(orgId), [orgId])
  if (code.state.status === 'loading') return <Loading rows={2} text='正在生成二维码…' />
  if (code.state.status === 'error') return <ErrorState message={code.state.message} onRetry={() => void code.reload()} />
  const c = code.state.data
  return (
    <View className='card qr-code' data-testid='qr-code'>
      <Text className='qr-code__name'>{c.place.name}</Text>
      <Text className='qr-code__label muted'>{c.place.label}</Text>
      <Image className='qr-code__img' src={c.image} mode='scaleToFill' showMenuByLongpress data-testid='qr-image' />
      <Text className='qr-code__tip'>扫码反映问题 · 红色网格</Text>
      <Text className='qr-code__help muted'>长按图片保存，打印后贴在门口显眼处（建议不小于8厘米见方）。</Text>
      {c.url ? (
        <Text className='qr-code__url muted' userSelect data-testid='qr-url'>
          {c.url}
        </Text>
      ) : null}
    </View>
  )
}
