import { Agenda } from './agenda';
import { CheckinsBehaviour, type CheckinsStats } from './checkins-behaviour';
import type { Executor } from './executor';
import type { OrgTree } from './org-tree';
import { OrdersBehaviour, type OrdersStats } from './orders-behaviour';
import type { People } from './people';
import type { Rng } from './random';
import type { Scale } from './scale';
import { DAY, submissionTimes } from './timeline';

export interface SimulationInput {
  scale: Scale;
  tree: OrgTree;
  people: People;
  rng: Rng;
  startMs: number;
  endMs: number;
}

export interface SimulationStats {
  orders: OrdersStats;
  checkins: CheckinsStats;
  events: number;
}

/**
 * Runs the district's period through an executor: every order and every member's year
 * is put on one agenda, and the agenda is played in time order, the sweep firing in
 * between whenever something falls due. `onProgress` hears the share of the period done.
 */
export const simulate = async (
  ex: Executor,
  input: SimulationInput,
  onProgress?: (done: number, total: number) => void,
  /** Called now and then between steps (the generator writes out what is done). */
  checkpoint?: () => void,
): Promise<SimulationStats> => {
  const { scale, tree, people, rng, startMs, endMs } = input;
  const agenda = new Agenda();
  const volunteers = new Map<string, string[]>();
  const orders: OrdersStats = { submitted: 0, calls: 0, refused: {} };
  const checkins: CheckinsStats = { registered: 0, approved: 0, sessions: 0, calls: 0, refused: {} };
  const ob = new OrdersBehaviour({ ex, agenda, tree, people, volunteers, endMs, stats: orders });
  const cb = new CheckinsBehaviour({ ex, agenda, tree, people, volunteers, startMs, endMs, stats: checkins });

  const times = submissionTimes(rng.fork('times'), startMs + DAY / 4, endMs, scale.orders);
  const orderRng = rng.fork('orders');
  times.forEach((at, i) => ob.schedule(i, at, orderRng.fork(`o${i}`)));
  cb.scheduleRotas(rng.fork('rotas'));
  const memberRng = rng.fork('members');
  people.partyMembers.forEach((m, i) => cb.scheduleMember(m, memberRng.fork(m.openid), i >= Math.floor(people.partyMembers.length * 0.96)));

  let events = 0;
  const span = endMs - startMs;
  let reported = -1;
  for (;;) {
    const at = agenda.peekAt();
    if (at === undefined || at > endMs) break;
    const item = agenda.take()!;
    await ex.advanceTo(item.at);
    await item.run();
    events++;
    const share = Math.floor(((item.at - startMs) / span) * 1000);
    if (share !== reported) {
      reported = share;
      onProgress?.(Math.max(0, item.at - startMs), span);
      checkpoint?.();
      // Let timers run (the progress bar redraws on one); the play itself is one chain of resolved promises.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  await ex.advanceTo(endMs);
  onProgress?.(span, span);
  return { orders, checkins, events };
};
