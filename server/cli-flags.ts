/**
 * A command's `--flag value` arguments (`npm run seed`, `npm run deploy`): an unknown flag, or a
 * flag whose value is missing, is refused with the command's usage line.
 */
export const readFlags = (argv: readonly string[], known: readonly string[], usage: string) => {
  for (const a of argv) if (a.startsWith('--') && !known.includes(a)) throw new Error(`未知参数 ${a}\n${usage}`);
  return {
    /** The value after `flag`, or undefined when the flag is not given. */
    value: (flag: string): string | undefined => {
      const i = argv.indexOf(flag);
      if (i < 0) return undefined;
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} 需要一个值\n${usage}`);
      return v;
    },
    has: (flag: string): boolean => argv.includes(flag),
  };
};
