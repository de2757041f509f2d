import { fixedClock } from '../../../domain/ports/clock';
import { runSweep } from '../../../domain/sweep/run-sweep';

describe('sweep runner', () => {
  it('runs tasks in order, reports each, and keeps going after a failing one', async () => {
    const clock = fixedClock(1_000);
    const seen: string[] = [];
    const report = await runSweep(
      [
        { name: 'a', run: async (_d: null, now) => (seen.push(`a@${now}`), { processed: 2 }) },
        { name: 'boom', run: async () => Promise.reject(new Error('store down')) },
        { name: 'c', run: async () => (seen.push('c'), { processed: 0 }) },
      ],
      null,
      clock,
    );
    expect(seen).toEqual(['a@1000', 'c']);
    expect(report).toEqual({
      ranAt: 1000,
      tasks: [
        { name: 'a', processed: 2, ms: 0 },
        { name: 'boom', processed: 0, ms: 0, error: 'store down' },
        { name: 'c', processed: 0, ms: 0 },
      ],
    });
  });
});
