/**
 * Build-time constants injected by config/index.ts `defineConstants`
 * (CLOUD_ENV is declared in types/global.d.ts).
 */

/** Subscribe-message template ids per audience; empty lists = never ask. */
declare const SUBSCRIBE_TEMPLATES: { resident: string[]; handler: string[] }
