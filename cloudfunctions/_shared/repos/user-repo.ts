import type { UserDoc } from '../../../domain/model/roles';
import type { UserRepo } from '../../../domain/ports/repos';
import type { Db } from '../platform';
import { dataOf, isNotFound } from './sdk-results';

export const sdkUserRepo = (db: Db): UserRepo => ({
  async get(openid) {
    try {
      return dataOf<UserDoc>(await db.collection('users').doc(openid).get());
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  },
});
