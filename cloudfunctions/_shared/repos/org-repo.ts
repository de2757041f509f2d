import type { OrgNode } from '../../../domain/model/org';
import type { OrgRepo } from '../../../domain/ports/repos';
import type { Db } from '../platform';
import { PAGE_SIZE, readAll } from './paging';
import { dataOf, readDoc } from './sdk-results';

export const sdkOrgRepo = (db: Db): OrgRepo => {
  const _ = db.command;
  return {
    async get(id) {
      return readDoc<OrgNode>(db, 'orgs', id);
    },
    async getMany(ids) {
      const out: OrgNode[] = [];
      for (let i = 0; i < ids.length; i += PAGE_SIZE) {
        const chunk = ids.slice(i, i + PAGE_SIZE);
        const res = await db.collection('orgs').where({ _id: _.in(chunk) }).limit(PAGE_SIZE).get();
        out.push(...dataOf<OrgNode[]>(res));
      }
      return out;
    },
    descendants(rootId, maxDepth, cap) {
      const query = db.collection('orgs').where({ path: rootId, depth: _.lte(maxDepth) }).orderBy('depth', 'asc');
      return readAll<OrgNode>(query, cap);
    },
  };
};
