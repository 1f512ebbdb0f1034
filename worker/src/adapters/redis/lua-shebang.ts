import { createHash } from 'node:crypto';

/** Flags Redis 7.0 accepts in a `#!lua flags=` line; newer ones (allow-key-locking, 7.2+) make it refuse the script. */
const knownFlags = new Set(['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys']);
const shebang = /^#!lua([^\n]*)\n/;

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/**
 * Removes the shebang flags Redis 7.0 does not know (the whole line when none is left), so
 * @upstash/ratelimit's scripts run on it. Returns the script unchanged when there is nothing to strip.
 */
export function stripUnknownLuaFlags(script: string): string {
  const match = shebang.exec(script);
  if (!match) return script;
  const flags =
    /flags=(\S*)/
      .exec(match[1] ?? '')?.[1]
      ?.split(',')
      .filter(Boolean) ?? [];
  const kept = flags.filter((flag) => knownFlags.has(flag));
  if (kept.length === flags.length) return script;
  const rest = script.slice(match[0].length);
  // An empty line keeps line numbers in Lua error messages pointing at the caller's source.
  return kept.length > 0 ? `#!lua flags=${kept.join(',')}\n${rest}` : `\n${rest}`;
}

type Arg = string | number | Buffer;

/**
 * Rewrites script commands on their way to Redis: EVAL / SCRIPT LOAD get the stripped script, and
 * EVALSHA with the SHA the caller computed over the original script is sent with the stripped
 * script's SHA. A SHA this process has not seen goes through unchanged, so Redis answers NOSCRIPT
 * and the caller falls back to EVAL, which teaches the map (also after a Redis restart).
 */
export class LuaScriptRewriter {
  private readonly strippedShaOf = new Map<string, string>();

  /** The command to send instead of `command`, and how to turn Redis's reply into the one the caller expects. */
  rewrite(command: readonly Arg[]): { command: Arg[]; reply: (value: unknown) => unknown } {
    const [name, ...args] = command;
    const verb = String(name).toLowerCase();
    const same = { command: [...command], reply: (value: unknown) => value };
    if ((verb === 'eval' || verb === 'eval_ro') && typeof args[0] === 'string') {
      return { ...same, command: [name as Arg, this.learn(args[0]).script, ...args.slice(1)] };
    }
    if ((verb === 'evalsha' || verb === 'evalsha_ro') && typeof args[0] === 'string') {
      const mapped = this.strippedShaOf.get(args[0].toLowerCase());
      return mapped ? { ...same, command: [name as Arg, mapped, ...args.slice(1)] } : same;
    }
    if (verb === 'script' && String(args[0]).toLowerCase() === 'load' && typeof args[1] === 'string') {
      const { script, originalSha } = this.learn(args[1]);
      return { command: [name as Arg, args[0] as Arg, script], reply: () => originalSha };
    }
    return same;
  }

  private learn(original: string) {
    const script = stripUnknownLuaFlags(original);
    const originalSha = sha1(original);
    if (script !== original) this.strippedShaOf.set(originalSha, sha1(script));
    return { script, originalSha };
  }
}
