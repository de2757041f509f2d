import { isSecretaryOf } from '../../../domain/authz/grants';
import type { AuditDoc } from '../../../domain/org/config';
import type { OrgNode } from '../../../domain/model/org';
import type { RoleGrant } from '../../../domain/model/roles';
import type { CommunityInfo, ReviewCommentDoc, ReviewDoc, ServiceCounts } from '../../../domain/scoring/review';
import type { Db, Tx } from '../platform';
import { readAll } from './paging';
import { dataOf, isNotFound, readDoc } from './sdk-results';


/** What the list of reviews shows (the rows stay in the snapshot). */
export type ReviewSummary = Pick<ReviewDoc, '_id' | 'districtId' | 'year' | 'half' | 'label' | 'from' | 'to' | 'openedAt' | 'openedByName'>;

const exists = async (tx: Tx, collection: string, id: string): Promise<boolean> => {
  try {
    await tx.collection(collection).doc(id).get();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
};

/** 半年一评议: frozen snapshots (`reviews`), street comments beside them (`review_comments`), and what a snapshot reads. */
export const sdkReviewRepo = (db: Db) => {
  const _ = db.command;
  return {
    async get(id: string): Promise<ReviewDoc | undefined> {
      return readDoc<ReviewDoc>(db, 'reviews', id);
    },

    async list(districtId: string): Promise<ReviewSummary[]> {
      return readAll<ReviewSummary>(
        db
          .collection('reviews')
          .where({ districtId })
          .orderBy('from', 'desc')
          .field({ _id: true, districtId: true, year: true, half: true, label: true, from: true, to: true, openedAt: true, openedByName: true }),
        200,
      );
    },

    /** Writes the snapshot once, with its audit entry; false when that half-year was already frozen. */
    async create(review: ReviewDoc, audit: AuditDoc): Promise<boolean> {
      let created = false;
      await db.runTransaction(async (tx: Tx) => {
        if (await exists(tx, 'reviews', review._id)) return;
        const { _id, ...fields } = review;
        await tx.collection('reviews').doc(_id).set({ data: fields });
        await tx.collection('audit').add({ data: audit });
        created = true;
      });
      return created;
    },

    async comments(reviewId: string): Promise<ReviewCommentDoc[]> {
      return readAll<ReviewCommentDoc>(db.collection('review_comments').where({ reviewId }), 1000);
    },

    /** The street's comment on one community's row (replaces an earlier one), audited with what it replaced. */
    async setComment(comment: ReviewCommentDoc, audit: Omit<AuditDoc, 'before'>): Promise<void> {
      await db.runTransaction(async (tx: Tx) => {
        let before: unknown = null;
        try {
          before = dataOf<ReviewCommentDoc>(await tx.collection('review_comments').doc(comment._id).get());
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
        const { _id, ...fields } = comment;
        await tx.collection('review_comments').doc(_id).set({ data: fields });
        await tx.collection('audit').add({ data: { ...audit, before } });
      });
    },

    /** The district's communities with their street and secretaries (two reads). */
    async communities(district: OrgNode): Promise<CommunityInfo[]> {
      const nodes = await readAll<OrgNode>(db.collection('orgs').where({ path: district._id, depth: _.lte(2) }).orderBy('depth', 'asc'), 2000);
      const streets = new Map(nodes.filter((n) => n.depth === 1).map((n) => [n._id, n.name]));
      const communities = nodes.filter((n) => n.type === 'community');
      const ids = communities.map((c) => c._id);
      const users = ids.length
        ? await readAll<{ _id: string; name: string; roles: RoleGrant[] }>(
            db.collection('users').where({ 'roles.orgId': _.in(ids) }).field({ _id: true, name: true, roles: true }),
            20_000,
          )
        : [];
      return communities.map((c) => {
        const streetId = c.parentId ?? '';
        return {
          id: c._id,
          name: c.name,
          streetId,
          streetName: streets.get(streetId) ?? '',
          secretaries: users.filter((u) => isSecretaryOf(u.roles, c._id)).map((u) => u.name),
        };
      });
    },

    /** 双报到 service per community over the months: members who served, credited sessions, hours (one aggregate). */
    async service(communityIds: readonly string[], months: readonly string[], minMinutes: number): Promise<Map<string, ServiceCounts>> {
      const out = new Map<string, ServiceCounts>();
      if (communityIds.length === 0) return out;
      const $ = _.aggregate;
      const res = (await db
        .collection('checkin_sessions')
        .aggregate()
        .match({ communityId: _.in([...communityIds]), month: _.in([...months]), credited: true, creditedMinutes: _.gte(minMinutes) })
        .group({ _id: '$communityId', sessions: $.sum(1), minutes: $.sum('$creditedMinutes'), people: $.addToSet('$openid') })
        .limit(1000)
        .end()) as unknown as { list: { _id: string; sessions: number; minutes: number; people: string[] }[] };
      for (const g of res.list) out.set(g._id, { volunteers: g.people.length, sessions: g.sessions, hours: Math.round((g.minutes / 60) * 10) / 10 });
      return out;
    },
  };
};
