import fc from 'fast-check';
import { ORDER_STATES, type OrderState } from '../../../domain/model/order';
import { canApply, isTerminal, nextState, ORDER_ACTIONS, TRANSITIONS, type OrderAction } from '../../../domain/orders/lifecycle';

/** The whole table, written out: every state × action → the next state, or refused. */
const EXPECTED: Record<OrderAction, Partial<Record<OrderState, OrderState>>> = {
  route: { submitted: 'dispatched' },
  approve: { pending_approval: 'dispatched' },
  reject: { submitted: 'rejected', pending_approval: 'rejected', dispatched: 'rejected' },
  dispatch: { submitted: 'dispatched', pending_approval: 'dispatched', dispatched: 'dispatched' },
  claim: { dispatched: 'claimed' },
  bounce: { claimed: 'dispatched', in_progress: 'dispatched' },
  start: { claimed: 'in_progress' },
  note: { submitted: 'submitted', pending_approval: 'pending_approval', dispatched: 'dispatched', claimed: 'claimed', in_progress: 'in_progress', verifying: 'verifying' },
  request_info: { claimed: 'claimed', in_progress: 'in_progress' },
  reply: { claimed: 'claimed', in_progress: 'in_progress' },
  contact: { claimed: 'claimed', in_progress: 'in_progress' },
  resolve: { claimed: 'resolved', in_progress: 'resolved' },
  resolve_to_verify: { claimed: 'verifying', in_progress: 'verifying' },
  verify_close: { verifying: 'closed' },
  verify_accept: { verifying: 'resolved' },
  verify_return: { verifying: 'in_progress' },
  rate_close: { resolved: 'closed' },
  rate_reopen: { resolved: 'dispatched' },
  rate_edit: { closed: 'closed' },
  rate_edit_reopen: { closed: 'dispatched' },
  cancel: { submitted: 'cancelled', pending_approval: 'cancelled', dispatched: 'cancelled' },
  escalate: { submitted: 'dispatched', pending_approval: 'dispatched', dispatched: 'dispatched', claimed: 'dispatched', in_progress: 'dispatched' },
  merge_into: { submitted: 'merged', pending_approval: 'merged', dispatched: 'merged', claimed: 'merged', in_progress: 'merged' },
  absorb: { submitted: 'submitted', pending_approval: 'pending_approval', dispatched: 'dispatched', claimed: 'claimed', in_progress: 'in_progress' },
  close_unrated: { resolved: 'closed' },
  reopen_visit: { resolved: 'dispatched', closed: 'dispatched' },
};

describe('order lifecycle transition table', () => {
  const cells = ORDER_ACTIONS.flatMap((action) => ORDER_STATES.map((state) => [action, state] as const));

  it.each(cells)('%s from %s', (action, state) => {
    const expected = EXPECTED[action][state];
    expect(canApply(action, state)).toBe(expected !== undefined);
    if (expected) {
      expect(nextState(action, state)).toBe(expected);
    } else {
      let error: unknown;
      try {
        nextState(action, state);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', details: { state, action } });
      expect((error as Error).message).toMatch(/当前为“.+”，不能进行此操作/);
    }
  });

  it('the table has exactly the expected rows', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ORDER_ACTIONS].sort());
  });

  it('rejected, cancelled and merged are terminal (closed is not: a return visit may reopen it); every open state has a way forward', () => {
    expect(ORDER_STATES.filter(isTerminal).sort()).toEqual(['cancelled', 'merged', 'rejected']);
  });

  it('property: any sequence of actions only ever visits known states, and terminal states stay put', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ORDER_ACTIONS), { maxLength: 30 }), (actions) => {
        let state: OrderState = 'submitted';
        for (const action of actions) {
          const was = state;
          if (canApply(action, state)) state = nextState(action, state);
          expect(ORDER_STATES).toContain(state);
          if (isTerminal(was)) expect(state).toBe(was);
        }
      }),
    );
  });
});
