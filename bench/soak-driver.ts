/**
 * The soak's calls: every mutating call carries an idempotency key; a call cut off by a kill is
 * sent again, same key and same payload, once the host is back. Every ok answer of a mutating
 * call is recorded (what the driver was told), every refusal is counted by code.
 */
import { type Envelope, type SoakHost, sleep } from './soak-host';
import { emptyAcks, type SoakAcks } from './soak-invariants';

/** The dispatcher's answer while the first call with the same key is still being performed. */
const BUSY = /正在处理中/;

export interface DriverStats {
  calls: number;
  ok: number;
  mutations: number;
  refusedByCode: Record<string, number>;
  refusedByAction: Record<string, number>;
  /** Calls cut off by a kill (or a timeout) and sent again with the same key. */
  resent: number;
  /** Answers that said `replayed` (the key's first call had gone through). */
  replayed: number;
  /** Calls given up after too many attempts (not acknowledged, not counted as refused). */
  abandoned: number;
  acknowledged: { orders: number; orderSteps: number; registrations: number; sessions: number; redemptions: number; ledgerTx: number };
}

export class Driver {
  readonly acks: SoakAcks = emptyAcks();
  readonly stats: DriverStats = {
    calls: 0,
    ok: 0,
    mutations: 0,
    refusedByCode: {},
    refusedByAction: {},
    resent: 0,
    replayed: 0,
    abandoned: 0,
    acknowledged: { orders: 0, orderSteps: 0, registrations: 0, sessions: 0, redemptions: 0, ledgerTx: 0 },
  };
  private seq = 0;
  private inFlight = 0;

  constructor(
    private readonly host: SoakHost,
    private readonly runId: string,
    /** Real-time limit for retrying one call (the run's end plus a grace). */
    private readonly giveUpAt: () => number,
  ) {}

  get pending(): number {
    return this.inFlight;
  }

  /** A read: no key; a network failure is retried after the host is back. */
  read(fn: string, action: string, payload: unknown, openid: string): Promise<Envelope | undefined> {
    return this.send(fn, action, payload, openid, undefined);
  }

  /** A write: a fresh key, recorded on ok. */
  write(fn: string, action: string, payload: unknown, openid: string): Promise<Envelope | undefined> {
    this.stats.mutations++;
    return this.send(fn, action, payload, openid, `soak-${this.runId}-${(++this.seq).toString(36)}`);
  }

  private async send(fn: string, action: string, payload: unknown, openid: string, key: string | undefined): Promise<Envelope | undefined> {
    const event = { action, payload, ...(key ? { idempotencyKey: key } : {}) };
    this.inFlight++;
    try {
      for (let attempt = 0; attempt < 40; attempt++) {
        if (Date.now() > this.giveUpAt()) break;
        await this.host.waitUp();
        let res: Envelope;
        try {
          this.stats.calls++;
          res = await this.host.call(fn, event, openid);
        } catch {
          // Killed mid-call (or too slow): the same event again once the host answers.
          this.stats.resent++;
          await sleep(200);
          continue;
        }
        if (!res.ok && res.error.code === 'CONFLICT' && BUSY.test(res.error.message)) {
          await sleep(300);
          continue;
        }
        if (res.ok) {
          this.stats.ok++;
          if (key) this.record(fn, action, res.data);
        } else {
          this.stats.refusedByCode[res.error.code] = (this.stats.refusedByCode[res.error.code] ?? 0) + 1;
          const name = `${fn}.${action}:${res.error.code}`;
          this.stats.refusedByAction[name] = (this.stats.refusedByAction[name] ?? 0) + 1;
        }
        return res;
      }
      this.stats.abandoned++;
      return undefined;
    } finally {
      this.inFlight--;
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of many shapes
  private record(fn: string, action: string, data: any): void {
    if (data && typeof data === 'object' && data.replayed === true) this.stats.replayed++;
    const a = this.acks;
    const n = this.stats.acknowledged;
    const order = fn === 'orders' ? (action === 'submit' ? data?.order : data) : undefined;
    if (order && typeof order.id === 'string' && typeof order.version === 'number') {
      if (!a.orders[order.id]) n.orders++;
      n.orderSteps++;
      const prev = a.orders[order.id];
      // Answers can arrive out of order: keep the highest version acknowledged.
      if (!prev || order.version >= prev.version) a.orders[order.id] = { version: order.version, status: order.status };
      return;
    }
    if (fn !== 'checkins') return;
    if (['register', 'approve', 'reject', 'suspend', 'reinstate', 'markMoved'].includes(action) && typeof data?.id === 'string') {
      if (!a.registrations[data.id]) n.registrations++;
      a.registrations[data.id] = data.status;
    } else if ((action === 'checkIn' || action === 'checkOut') && data?.session?.id) {
      if (!a.sessions[data.session.id]) n.sessions++;
      a.sessions[data.session.id] = data.session.status;
    } else if (action === 'confirmSession' && typeof data?.id === 'string') {
      a.sessions[data.id] = data.status;
    } else if (action === 'redeem' && data?.redemption?.id) {
      if (!a.redemptions[data.redemption.id]) n.redemptions++;
      a.redemptions[data.redemption.id] = data.redemption.status;
    } else if ((action === 'approveRedemption' || action === 'rejectRedemption') && typeof data?.id === 'string') {
      a.redemptions[data.id] = data.status;
    } else if (action === 'adjustPoints' && typeof data?.txId === 'string') {
      if (!a.ledgerTx.includes(data.txId)) {
        a.ledgerTx.push(data.txId);
        n.ledgerTx++;
      }
    }
  }
}
