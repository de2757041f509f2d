import { e2eSession, goHomeAs, screenshotPage as screenshot, visibleTestId, waitForRoute } from '../helpers/browser';

/**
 * 职责委托 as 陈秀英 uses it (H5, phone viewport): she opens the page from her workspace,
 * hands her duties to 赵敏 (the only staff of 文汇社区 she may choose) for three days, sees it
 * running, then revokes it after the confirmation; 赵敏's secretary grant is gone at once.
 */
describe('职责委托 (H5 on the local host, phone viewport)', () => {
  const e2e = e2eSession();

  it('the secretary delegates to 赵敏, sees it running, and revokes it after confirming', async () => {
    await goHomeAs(e2e.page, e2e.base, 'demo-secretary');
    await e2e.page.goto(`${e2e.base}/#/packages/secretary/pages/index/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(e2e.page, 'entry-delegation').click();
    await waitForRoute(e2e.page, '/packages/secretary/pages/delegation/index');
    await visibleTestId(e2e.page, 'delegation-new').waitFor({ timeout: 15_000 });
    // Nothing yet: the empty state says so.
    await visibleTestId(e2e.page, 'state-empty').waitFor();
    const candidates = e2e.page.locator('[data-testid="delegation-candidate"]:visible');
    await expect(candidates.allInnerTexts()).resolves.toEqual([expect.stringContaining('赵敏')]);
    // Submitting without a deputy or a reason is stopped on the page.
    await visibleTestId(e2e.page, 'delegation-submit').click();
    await visibleTestId(e2e.page, 'delegation-deputy-error').waitFor();
    await candidates.first().click();
    await visibleTestId(e2e.page, 'delegation-spans').locator('[data-testid="chip-3"]').click();
    await visibleTestId(e2e.page, 'delegation-reason').locator('textarea').fill('外出参加区委党校培训三天');
    await screenshot(e2e.page, 'delegation-1-form');
    await visibleTestId(e2e.page, 'delegation-submit').click();
    const card = visibleTestId(e2e.page, 'delegation-card');
    await card.waitFor({ timeout: 15_000 });
    await expect(card.innerText()).resolves.toMatch(/陈秀英 → 赵敏[\s\S]*生效中[\s\S]*外出参加区委党校培训三天/);
    expect(await e2e.host.call('checkins', 'registrations', { communityId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: true });
    await screenshot(e2e.page, 'delegation-2-running');

    // Revoke: a confirmation first; cancelling keeps it.
    await visibleTestId(e2e.page, 'delegation-revoke').click();
    await visibleTestId(e2e.page, 'delegation-confirm').waitFor();
    await visibleTestId(e2e.page, 'delegation-cancel-revoke').click();
    await visibleTestId(e2e.page, 'delegation-revoke').waitFor();
    expect(await e2e.host.call('checkins', 'registrations', { communityId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: true });
    await visibleTestId(e2e.page, 'delegation-revoke').click();
    await screenshot(e2e.page, 'delegation-3-confirm');
    await visibleTestId(e2e.page, 'delegation-confirm-revoke').click();
    // It leaves the running list and shows under 已结束 as revoked.
    await visibleTestId(e2e.page, 'state-empty').waitFor({ timeout: 15_000 });
    await visibleTestId(e2e.page, 'delegation-tabs').locator('[data-testid="chip-ended"]').click();
    await expect(visibleTestId(e2e.page, 'delegation-card').innerText()).resolves.toMatch(/已撤销[\s\S]*由陈秀英撤销/);
    await screenshot(e2e.page, 'delegation-4-revoked');
    expect(await e2e.host.call('checkins', 'registrations', { communityId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(e2e.pageErrors).toEqual([]);
  }, 90_000);

  it('a grid worker opening the page is told only secretaries may delegate', async () => {
    await goHomeAs(e2e.page, e2e.base, 'demo-grid-worker');
    await e2e.page.goto(`${e2e.base}/#/packages/secretary/pages/delegation/index`, { waitUntil: 'domcontentloaded' });
    await waitForRoute(e2e.page, '/packages/secretary/pages/delegation/index');
    await e2e.page.getByText('只有社区书记可以委托职责。').first().waitFor({ timeout: 15_000 });
    await expect(e2e.page.locator('[data-testid="delegation-new"]:visible').count()).resolves.toBe(0);
  }, 60_000);
});
