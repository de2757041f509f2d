import { emptyInput, idOptionalReasonInput, idReasonInput, monthlyReportInput, registerInput, registrationsInput } from '../../domain/checkins/api';
import { loadCommunity } from '../../domain/checkins/deps';
import { decideRegistration, listRegistrations, register, registrationView } from '../../domain/checkins/registration';
import { me, monthlyReport, reportCsv } from '../../domain/checkins/report';
import { defineAction } from '../_shared/dispatch';
import { depsOf, communityIdFor, communityTarget, registrationTarget, viewRegistration, decision } from './shared';

/** 双报到: register, the secretary's decisions, the member's own page and the monthly report. */
export const registrationActions = {
  register: defineAction({
    policy: 'checkins.register',
    input: registerInput,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      return viewRegistration(deps, ctx, await register(deps, ctx, input));
    },
  }),
  me: defineAction({
    policy: 'checkins.me',
    input: emptyInput,
    run: (ctx) => me(depsOf(ctx), ctx),
  }),
  registrations: defineAction({
    policy: 'checkins.registrations',
    input: registrationsInput,
    target: communityTarget,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const community = await loadCommunity(deps, await communityIdFor(ctx, input.communityId));
      const regs = await listRegistrations(deps, community._id, input.status, input.limit ?? 100);
      return regs.map((r) => registrationView(r, ctx, community));
    },
  }),
  approve: decision('checkins.approve', 'approve'),
  reject: defineAction({
    policy: 'checkins.reject',
    input: idReasonInput,
    target: registrationTarget,
    hideForbidden: true,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      return viewRegistration(deps, ctx, await decideRegistration(deps, ctx, input.id, 'reject', input.reason));
    },
  }),
  suspend: decision('checkins.suspend', 'suspend'),
  reinstate: decision('checkins.reinstate', 'reinstate'),
  markMoved: defineAction({
    policy: 'checkins.markMoved',
    input: idOptionalReasonInput,
    target: registrationTarget,
    hideForbidden: true,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      return viewRegistration(deps, ctx, await decideRegistration(deps, ctx, input.id, 'move', input.reason));
    },
  }),
  monthlyReport: defineAction({
    policy: 'checkins.monthlyReport',
    input: monthlyReportInput,
    target: communityTarget,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const community = await loadCommunity(deps, await communityIdFor(ctx, input.communityId));
      const report = await monthlyReport(deps, community, input.month);
      return input.format === 'csv' ? reportCsv(report) : report;
    },
  }),
};
