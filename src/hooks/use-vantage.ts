import { useState } from 'react'
import { roleTitle } from '../lib/entries'
import type { WhoamiRole } from '../services/org'
import { useWhoami } from './use-whoami'

const keyOf = (g: WhoamiRole): string => `${g.role}:${g.orgId}`

/**
 * The caller's grants among `roles`, and the one a page looks from (the first, or the one
 * picked on the chips when a person holds several: a secretary who is also a street admin).
 */
export function useVantage(roles: readonly string[]) {
  const { state, reload } = useWhoami()
  const mine = state.status === 'ready' ? state.data.roles.filter((r) => roles.includes(r.role)) : []
  const [chosen, setChosen] = useState<string | null>(null)
  const grant = mine.find((g) => keyOf(g) === chosen) ?? mine[0]
  return {
    state,
    reload,
    mine,
    grant,
    /** Stable key of the chosen grant (remount what depends on it). */
    key: grant ? keyOf(grant) : '',
    /** Chip options when there is a choice to make, else null. */
    options: mine.length > 1 ? mine.map((g) => ({ key: keyOf(g), label: roleTitle(g) })) : null,
    choose: setChosen,
  }
}
