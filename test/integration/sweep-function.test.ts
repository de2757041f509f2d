import { startTestHost, type TestHost } from '../helpers/test-host';

describe('sweep function: timer trigger and manual run', () => {
  let host: TestHost;
  beforeAll(() => {
    host = startTestHost();
  });
  afterAll(() => host.destroy());

  it('the platform timer runs it as the system, at the host clock time', async () => {
    host.clock.advance(60_000);
    const res = await host.trigger('sweep');
    const names = ['sla', 'scores.fold', 'checkins.autoClose'];
    expect(res).toMatchObject({ ok: true, data: { ranAt: host.clock.now(), tasks: names.map((name) => expect.objectContaining({ name, processed: 0 })) } });
    expect((res as { data: { tasks: { error?: string }[] } }).data.tasks.every((t) => !t.error)).toBe(true);
  });

  it('a district admin may run it by hand; nobody else may', async () => {
    expect(await host.call('sweep', 'run', {}, 'demo-district-admin')).toMatchObject({ ok: true });
    for (const who of ['demo-secretary', 'demo-resident', 'demo-street-admin']) {
      expect(await host.call('sweep', 'run', {}, who)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('a client cannot pass itself off as the timer', async () => {
    expect(await host.invoke('sweep', { Type: 'Timer', TriggerName: 'x' }, undefined)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await host.invoke('sweep', { Type: 'Timer', action: 'run' }, 'demo-resident')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
