import { z } from 'zod';

/**
 * What CloudBase accepts in a cloud function's config.json, narrowed to what RedGrid uses:
 * the open-API permissions it calls (a closed list: a typo would fail at run time on
 * CloudBase, so it fails the dry run here) and timer triggers with a 7-field cron.
 */
export const OPENAPI_PERMISSIONS = ['wxacode.getUnlimited', 'subscribeMessage.send', 'security.msgSecCheck'] as const;

/** CloudBase timer cron: second minute hour day-of-month month day-of-week year. */
export const CRON_7 = /^(\S+\s+){6}\S+$/;

export const functionConfigSchema = z.strictObject({
  permissions: z.strictObject({ openapi: z.array(z.enum(OPENAPI_PERMISSIONS)).max(OPENAPI_PERMISSIONS.length) }),
  triggers: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z][a-z0-9-]{0,59}$/, '触发器名称只能包含小写字母、数字和连字符'),
        type: z.literal('timer'),
        config: z.string().regex(CRON_7, '定时触发器需要7段 cron（秒 分 时 日 月 星期 年）'),
      }),
    )
    .max(10)
    .optional(),
});
export type FunctionConfig = z.infer<typeof functionConfigSchema>;

/** The deployable package of a function as the build writes it (cloudfunctions-dist/<fn>/package.json). */
export const functionPackageSchema = z.object({
  name: z.string().min(1).max(60),
  main: z.literal('index.js'),
  dependencies: z.strictObject({ 'wx-server-sdk': z.string().regex(/^\d+\.\d+\.\d+$/, 'wx-server-sdk 需要固定版本') }),
});

export const projectConfigSchema = z.object({
  miniprogramRoot: z.string().min(1),
  cloudfunctionRoot: z.string().min(1),
  appid: z.string().min(1),
  compileType: z.literal('miniprogram'),
});

/** CloudBase database security rules: RedGrid's clients touch no collection directly. */
export const securityRuleSchema = z.strictObject({ read: z.literal(false), write: z.literal(false) });

/** CloudBase limits: at most 20 indexes per collection; names and field paths it accepts. */
export const MAX_INDEXES_PER_COLLECTION = 20;
export const indexDeclSchema = z.record(
  z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/),
  z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/)).max(MAX_INDEXES_PER_COLLECTION - 1, `每个集合最多 ${MAX_INDEXES_PER_COLLECTION} 个索引（含 _id）`),
);
