import { View, Text } from '@tarojs/components'
import type { EntryTile as Tile } from '@/lib/entries'
import { go } from '@/lib/nav'
import './index.scss'

/** A big tappable entry, e.g. 扫码报事. */
export default function EntryTile({ tile }: { tile: Tile }) {
  return (
    <View
      className={`entry-tile entry-tile--${tile.key}`}
      hoverClass='entry-tile--pressed'
      data-testid={`entry-${tile.key}`}
      onClick={() => go(tile.url)}
    >
      <Text className='entry-tile__title'>{tile.title}</Text>
      <Text className='entry-tile__desc muted'>{tile.desc}</Text>
    </View>
  )
}

export function EntryGrid({ tiles }: { tiles: Tile[] }) {
  return (
    <View className='entry-grid'>
      {tiles.map((t) => (
        <EntryTile key={t.key} tile={t} />
      ))}
    </View>
  )
}
