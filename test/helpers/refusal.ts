import { DomainError } from '../../domain/model/envelope';

/** The DomainError `p` rejects with, as `{code, message}`; fails when it resolves or throws anything else. */
export const refusal = async (p: Promise<unknown>): Promise<{ code: string; message: string }> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
};
