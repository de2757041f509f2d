import type { Doc, Write } from '../../store/document-store';
import { demoWrites } from '../demo';
import type { OrgTree } from './org-tree';
import type { People } from './people';

/**
 * The documents a district starts from, before anything happens in it: the demo's
 * configuration (categories, routing rules, SLA policies, earning rules, the demo
 * people and their check-in history) with the generated org tree, stations, rewards
 * and people. These are configuration and registry data that no cloud function
 * creates, so they are written directly — in both generation paths alike.
 */
export const baseWrites = (tree: OrgTree, people: People, nowMs: number): Write[] => {
  const demo = demoWrites(nowMs).filter((w) => w.collection !== 'orgs' && w.collection !== 'stations');
  const out: Write[] = [];
  const put = (collection: string, doc: Doc) => out.push({ collection, id: doc._id, doc });
  for (const org of tree.orgs) put('orgs', { ...org } as unknown as Doc);
  for (const station of tree.stations) put('stations', station);
  const demoUserIds = new Set(demo.filter((w) => w.collection === 'users').map((w) => w.id));
  out.push(...demo);
  for (const user of people.users) if (!demoUserIds.has(user._id)) put('users', user);
  const haveRewards = new Set(demo.filter((w) => w.collection === 'rewards').map((w) => (w.doc as unknown as { communityId: string }).communityId));
  for (const c of tree.communities) {
    if (haveRewards.has(c.id)) continue;
    const short = c.id.slice(2);
    put('rewards', { _id: `rw-${short}-market`, communityId: c.id, name: '超市购物券10元', description: '辖区合作超市通用', sponsor: '渭城区爱心超市', cost: 100, stock: 30, status: 'active', sort: 1 });
    put('rewards', { _id: `rw-${short}-haircut`, communityId: c.id, name: '社区理发一次', description: `${c.name}爱心理发室，凭兑换记录使用`, sponsor: `${c.name}共建单位`, cost: 60, stock: 20, status: 'active', sort: 2 });
  }
  return out;
};
