import { isSecretaryOf } from '../../domain/authz/grants';
import { adjustPointsInput, idInput, idReasonInput, pointsInput, redeemInput, redemptionsInput, rewardsInput } from '../../domain/checkins/api';
import { loadCommunity } from '../../domain/checkins/deps';
import { memberBalance } from '../../domain/checkins/sessions';
import { adjustPoints, approveRedemption, listRedemptions, listRewards, pointsOf, redeem, redemptionView, rejectRedemption, rewardView } from '../../domain/points/rewards';
import { defineAction } from '../_shared/dispatch';
import { depsOf, communityIdFor, communityTarget, redemptionTarget } from './shared';

/** Points: balances, rewards, redemptions and the secretary's adjustments. */
export const pointsActions = {
  points: defineAction({
    policy: 'checkins.points',
    input: pointsInput,
    run: (ctx, input) => pointsOf(depsOf(ctx), ctx, input.limit ?? 20, input.cursor),
  }),
  rewards: defineAction({
    policy: 'checkins.rewards',
    input: rewardsInput,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const communityId = await communityIdFor(ctx, input.communityId);
      const [rewards, balance] = await Promise.all([listRewards(deps, communityId), memberBalance(deps, ctx.openid)]);
      return rewards.map((r) => rewardView(r, balance));
    },
  }),
  redeem: defineAction({
    policy: 'checkins.redeem',
    input: redeemInput,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const { redemption, replayed } = await redeem(deps, ctx, input.rewardId, ctx.idempotencyKey);
      return { redemption: redemptionView(redemption, false), replayed, balance: await memberBalance(deps, ctx.openid) };
    },
  }),
  redemptions: defineAction({
    policy: 'checkins.redemptions',
    input: redemptionsInput,
    target: communityTarget,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const community = await loadCommunity(deps, await communityIdFor(ctx, input.communityId));
      const manager = isSecretaryOf(ctx, community._id);
      const rows = await listRedemptions(deps, { communityId: community._id, ...(input.status ? { status: input.status } : {}) }, input.limit ?? 50);
      // Nobody decides their own redemption (domain/authz/duties.ts): no buttons on one's own row.
      return rows.map((r) => redemptionView(r, manager && r.openid !== ctx.openid));
    },
  }),
  approveRedemption: defineAction({
    policy: 'checkins.approveRedemption',
    input: idInput,
    target: redemptionTarget,
    hideForbidden: true,
    run: async (ctx, input) => redemptionView(await approveRedemption(depsOf(ctx), ctx, input.id), true),
  }),
  rejectRedemption: defineAction({
    policy: 'checkins.rejectRedemption',
    input: idReasonInput,
    target: redemptionTarget,
    hideForbidden: true,
    run: async (ctx, input) => redemptionView(await rejectRedemption(depsOf(ctx), ctx, input.id, input.reason), true),
  }),
  adjustPoints: defineAction({
    policy: 'checkins.adjustPoints',
    input: adjustPointsInput,
    target: communityTarget,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const communityId = await communityIdFor(ctx, input.communityId);
      const tx = await adjustPoints(deps, ctx, communityId, input.openid, input.amount, input.reason, ctx.idempotencyKey);
      return { txId: tx._id, amount: input.amount, balance: await memberBalance(deps, input.openid) };
    },
  }),
};
