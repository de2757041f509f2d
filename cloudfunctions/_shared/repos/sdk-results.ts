/**
 * wx-server-sdk's typings return `string | void | Result` (callback overloads); at run
 * time an awaited call gives the result object. These helpers read it in one place.
 */
export const dataOf = <T>(result: unknown): T => (result as { data: T }).data;

/** wx-server-sdk throws `{errCode, errMsg}`; a missing document is an answer, not a failure. */
export const isNotFound = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  /does not exist/.test(String((error as { errMsg?: unknown }).errMsg ?? (error as Error).message ?? ''));
