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

/** What a document can be read through: the database or a transaction. */
type Readable = { collection(name: string): { doc(id: string): { get(): unknown } } };

/** The document `id` of `collection`, read through the database or a transaction; undefined where there is none. */
export const readDoc = async <T>(from: Readable, collection: string, id: string): Promise<T | undefined> => {
  try {
    return dataOf<T>(await from.collection(collection).doc(id).get());
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
};
