/** The steps of the order loop after submit, one file per group (see ../step.ts for what they share). */
export * from './claim';
export * from './dispatch';
export * from './handle';
export * from './merge';
export * from './resolve';
export * from './verify';
