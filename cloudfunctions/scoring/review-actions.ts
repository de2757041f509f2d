import { holds } from '../../domain/authz/grants';
import { csvFile } from '../../domain/model/csv';
import { DomainError } from '../../domain/model/envelope';
import { DEFAULT_CHECKINS_CONFIG } from '../../domain/checkins/deps';
import { requireCleanText } from '../../domain/orders/deps';
import { commentReviewInput, openReviewInput, reviewFileInput, reviewInput, reviewsInput } from '../../domain/scoring/api';
import {
  buildReviewRows,
  commentIdOf,
  requireEnded,
  type ReviewDoc,
  type ReviewFileView,
  type ReviewView,
  reviewIdOf,
  reviewTable,
  rowsUnder,
} from '../../domain/scoring/review';
import { scoresFrom } from '../../domain/scoring/scores';
import { halfYear, monthsOf } from '../../domain/scoring/half-year';
import { contentCheck } from '../_shared/content-check';
import { type ActionContext, defineAction } from '../_shared/dispatch';
import { sdkReviewRepo } from '../_shared/repos/review-repo';
import { sdkScoreRepo } from '../_shared/repos/score-repo';
import { xlsxFile } from '../_shared/xlsx';
import { districtOf, nodeOf, nodeTarget, priorFor } from './nodes';

/** A review seen from `orgId`: its rows under that node, the street's comments, and who may comment. */
const reviewFrom = async (ctx: ActionContext, id: string, orgId: string) => {
  const node = await nodeOf(ctx, orgId);
  const repo = sdkReviewRepo(ctx.db);
  const review = await repo.get(id);
  if (!review || review.districtId !== districtOf(node)) throw new DomainError('NOT_FOUND', '评议不存在');
  const rows = rowsUnder(review.rows, node);
  const comments = new Map((await repo.comments(review._id)).map((c) => [c.communityId, c]));
  const streets = new Set(ctx.grants.filter((g) => g.role === 'street_admin').map((g) => g.orgId));
  return {
    review,
    rows: rows.map((r) => {
      const c = comments.get(r.communityId);
      return { ...r, comment: c ? { text: c.text, byName: c.byName, at: c.at } : null, canComment: streets.has(r.streetId) };
    }),
    commentTexts: new Map([...comments].map(([k, c]) => [k, c.text])),
  };
};

export const reviewActions = {
  /** 开展评议: the district admin freezes a half-year that has ended, one row per community, ranked. */
  openReview: defineAction({
    policy: 'scoring.openReview',
    input: openReviewInput,
    target: nodeTarget,
    async run(ctx, input): Promise<ReviewView> {
      const district = await nodeOf(ctx, input.orgId);
      if (district.depth !== 0) throw new DomainError('FAILED_PRECONDITION', '半年评议由区级开展，请选择全区');
      const period = halfYear(input.year, input.half);
      requireEnded(period, ctx.clock.now());
      const repo = sdkReviewRepo(ctx.db);
      const id = reviewIdOf(district._id, period);
      if (await repo.get(id)) throw new DomainError('CONFLICT', `${period.label}的评议已经开展过，快照已冻结`);
      const communities = await repo.communities(district);
      const ids = communities.map((c) => c.id);
      const prior = await priorFor(ctx, district._id, period.from, period.to);
      const sums = await sdkScoreRepo(ctx.db).sumMany(ids, period.from, period.to);
      const scores = new Map(ids.map((cid) => [cid, { view: scoresFrom({ orgId: cid, from: period.from, to: period.to }, sums.get(cid)!, prior), counters: sums.get(cid)! }]));
      const service = await repo.service(ids, monthsOf(period), DEFAULT_CHECKINS_CONFIG.minServiceMinutes);
      const review: ReviewDoc = {
        _id: id,
        districtId: district._id,
        ...period,
        openedAt: ctx.clock.now(),
        openedBy: ctx.openid,
        openedByName: ctx.name,
        prior,
        rows: buildReviewRows(communities, scores, service),
      };
      const audit = { _id: ctx.ids.next('aud'), at: review.openedAt, by: ctx.openid, action: 'review:open', target: `reviews/${id}`, before: null, after: { label: review.label, rows: review.rows.length } };
      if (!(await repo.create(review, audit))) throw new DomainError('CONFLICT', `${period.label}的评议已经开展过，快照已冻结`);
      return { ...review, rows: review.rows.map((r) => ({ ...r, comment: null, canComment: false })) };
    },
  }),

  /** The district's reviews, newest first. */
  reviews: defineAction({
    policy: 'scoring.reviews',
    input: reviewsInput,
    target: nodeTarget,
    async run(ctx, input) {
      const node = await nodeOf(ctx, input.orgId);
      return { items: await sdkReviewRepo(ctx.db).list(districtOf(node)) };
    },
  }),

  /** One frozen review as seen from `orgId` (a secretary their community, a street its communities). */
  review: defineAction({
    policy: 'scoring.review',
    input: reviewInput,
    target: nodeTarget,
    async run(ctx, input): Promise<ReviewView> {
      const { review, rows } = await reviewFrom(ctx, input.id, input.orgId);
      const { rows: _all, ...head } = review;
      return { ...head, rows };
    },
  }),

  /** The same rows as a file (CSV for anything, XLSX for Excel / WPS and wx.openDocument). */
  reviewFile: defineAction({
    policy: 'scoring.review',
    input: reviewFileInput,
    target: nodeTarget,
    async run(ctx, input): Promise<ReviewFileView> {
      const { review, rows, commentTexts } = await reviewFrom(ctx, input.id, input.orgId);
      const table = reviewTable(rows, commentTexts);
      const name = `半年评议-${review.label}-${(await nodeOf(ctx, input.orgId)).name}`;
      if (input.format === 'csv') {
        const file = csvFile(`${name}.csv`, table);
        return { filename: file.filename, mime: file.mime, encoding: 'utf8', content: file.content };
      }
      const file = xlsxFile(`${name}.xlsx`, review.label, table);
      return { filename: file.filename, mime: file.mime, encoding: 'base64', content: file.base64 };
    },
  }),

  /** 街道评语: the street admin's comment beside one community's frozen row (audited; the numbers never change). */
  commentReview: defineAction({
    policy: 'scoring.commentReview',
    input: commentReviewInput,
    target: (ctx, input) => nodeTarget(ctx, { orgId: input.communityId }),
    async run(ctx, input) {
      const repo = sdkReviewRepo(ctx.db);
      const review = await repo.get(input.id);
      const row = review?.rows.find((r) => r.communityId === input.communityId);
      if (!review || !row) throw new DomainError('NOT_FOUND', '评议中没有这个社区');
      if (!holds(ctx, 'street_admin', row.streetId)) throw new DomainError('FORBIDDEN', '只能评议本街道的社区');
      await requireCleanText({ content: contentCheck() }, ctx, 'text', input.text);
      const comment = { _id: commentIdOf(review._id, row.communityId), reviewId: review._id, communityId: row.communityId, text: input.text, by: ctx.openid, byName: ctx.name, at: ctx.clock.now() };
      await repo.setComment(comment, { _id: ctx.ids.next('aud'), at: comment.at, by: ctx.openid, action: 'review:comment', target: `review_comments/${comment._id}`, after: comment });
      return { communityId: row.communityId, comment: { text: comment.text, byName: comment.byName, at: comment.at } };
    },
  }),
};
