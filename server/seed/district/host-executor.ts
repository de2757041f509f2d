import { createHash } from 'node:crypto';
import type { Host } from '../../host';
import { type CallResult, ceilMinute, type Executor, type FnName, MINUTE } from './executor';
import type { Doc } from '../../store/document-store';

/**
 * The reference executor: every call goes through the real function bundles and the
 * real wx-server-sdk on a local host, and the `sweep` function is fired by its timer at
 * each minute where something fell due — what CloudBase would do, minute by minute.
 * Slow (milliseconds per call), so used on small scales: the equality test, `--via functions`.
 */
export class HostExecutor implements Executor {
  private lastSweep = -Infinity;
  sweeps = 0;

  constructor(private readonly host: Host) {}

  now(): number {
    return this.host.clock.now();
  }

  private nextDue(): number | undefined {
    let min: number | undefined;
    for (const o of this.host.store.find('orders', { wakeAt: { $gte: 0 } })) {
      const at = o.wakeAt as number;
      if (min === undefined || at < min) min = at;
    }
    for (const s of this.host.store.find('checkin_sessions', { status: 'open' })) {
      const at = s.closesAt as number;
      if (min === undefined || at < min) min = at;
    }
    return min;
  }

  async advanceTo(ms: number): Promise<void> {
    for (;;) {
      const due = this.nextDue();
      if (due === undefined) break;
      const tick = Math.max(ceilMinute(due), ceilMinute(this.now()), this.lastSweep + MINUTE);
      if (tick > ms) break;
      if (tick > this.now()) this.host.clock.advance(tick - this.now());
      this.lastSweep = tick;
      const res = (await this.host.trigger('sweep')) as CallResult & { data?: { tasks?: { name: string; error?: string }[] } };
      const failed = res.ok ? (res.data?.tasks as { name: string; error?: string }[] | undefined)?.find((t) => t.error) : undefined;
      if (!res.ok || failed) throw new Error(`sweep failed: ${JSON.stringify(res.error ?? failed)}`);
      this.sweeps++;
    }
    if (ms > this.now()) this.host.clock.advance(ms - this.now());
  }

  async call(fn: FnName, action: string, payload: unknown, openid: string, idempotencyKey?: string): Promise<CallResult> {
    return (await this.host.invoke(fn, { action, payload, ...(idempotencyKey ? { idempotencyKey } : {}) }, openid)) as CallResult;
  }

  read(collection: string, id: string): Doc | undefined {
    return this.host.store.get(collection, id);
  }

  idFor(prefix: string, openid: string, idempotencyKey: string): string {
    return `${prefix}_${createHash('sha256').update(`${openid}:${idempotencyKey}`).digest('hex').slice(0, 24)}`;
  }
}
