import type { OrgNode } from '../domain/model/org';
import type { UserDoc } from '../domain/model/roles';
import type { DocumentStore } from './store/document-store';

export interface DevIdentity {
  openid: string;
  name: string;
  roles: { role: string; orgId: string; orgName: string }[];
}

/** The seeded demo people, so a tester can act as any role (dev mode only). */
export const listIdentities = (store: DocumentStore): DevIdentity[] =>
  (store.find('users', { demo: true }) as unknown as (UserDoc & { demoOrder?: number })[])
    .sort((a, b) => (a.demoOrder ?? 0) - (b.demoOrder ?? 0))
    .map((user) => ({
      openid: user._id,
      name: user.name,
      roles: user.roles.map((grant) => ({
        role: grant.role,
        orgId: grant.orgId,
        orgName: (store.get('orgs', grant.orgId) as unknown as OrgNode | undefined)?.name ?? grant.orgId,
      })),
    }));
