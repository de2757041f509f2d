import { HANDLING_STATES, loadHolder, type OrderDoc } from '../../../domain/model/order';
import type { UserDoc } from '../../../domain/model/roles';
import type { PeopleRepo } from '../../../domain/ports/orders';
import type { Db } from '../platform';
import { PAGE_SIZE, readAll } from './paging';
import { dataOf } from './sdk-results';

type StaffUser = UserDoc & { skills?: string[]; lastAssignedAt?: number };

export const sdkPeopleRepo = (db: Db): PeopleRepo => {
  const _ = db.command;
  return {
    async withRole(role, orgId) {
      const users = await readAll<StaffUser>(db.collection('users').where({ 'roles.orgId': orgId }), 5000);
      return users
        .filter((u) => u.roles.some((g) => g.role === role && g.orgId === orgId))
        .map((u) => ({ openid: u._id, name: u.name, skills: u.skills ?? [], lastAssignedAt: u.lastAssignedAt ?? 0 }));
    },
    async openLoads(openids) {
      // One read for both kinds of load: orders a person holds (claimed / in progress) and orders
      // waiting in their own queue (dispatched to them). The statuses do not overlap, so each
      // order counts once, for the person its status names.
      const loads = new Map<string, number>();
      for (let i = 0; i < openids.length; i += PAGE_SIZE) {
        const chunk = openids.slice(i, i + PAGE_SIZE);
        const orders = await readAll<Pick<OrderDoc, 'handlerOpenid' | 'status' | 'assignee'>>(
          db
            .collection('orders')
            .where(_.or([{ handlerOpenid: _.in(chunk), status: _.in([...HANDLING_STATES]) }, { 'assignee.openid': _.in(chunk), status: 'dispatched' }]))
            .field({ handlerOpenid: true, assignee: true, status: true }),
          100_000,
        );
        for (const o of orders) {
          const who = loadHolder(o);
          if (who) loads.set(who, (loads.get(who) ?? 0) + 1);
        }
      }
      return loads;
    },
    async names(openids) {
      const out = new Map<string, string>();
      for (let i = 0; i < openids.length; i += PAGE_SIZE) {
        const res = await db.collection('users').where({ _id: _.in([...openids.slice(i, i + PAGE_SIZE)]) }).field({ name: true }).limit(PAGE_SIZE).get();
        for (const u of dataOf<{ _id: string; name: string }[]>(res)) out.set(u._id, u.name);
      }
      return out;
    },
    async markAssigned(openid, at) {
      await db.collection('users').doc(openid).update({ data: { lastAssignedAt: at } });
    },
  };
};
