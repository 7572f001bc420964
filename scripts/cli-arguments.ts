/** The value after `--name` on a command line (undefined when absent; an error naming `usage` when it has none). */
export function argument(args: string[], name: string, usage: string): string | undefined {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const value = args[index + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value\n${usage}`);
  return value;
}
