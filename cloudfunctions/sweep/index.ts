import { createMain } from '../_shared/dispatch';

/** Actions of the `sweep` function land with their issues; until then every action is NOT_FOUND. */
export const main = createMain('sweep', {});
