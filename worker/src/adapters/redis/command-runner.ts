import type { Redis as IoRedis } from 'ioredis';
import { LuaScriptRewriter } from './lua-shebang';

/** A raw RESP2 reply as ioredis gives it with the *Buffer commands. */
export type RawReply = Buffer | string | number | null | RawReply[];

/** One command's outcome, in the shape of an Upstash REST pipeline entry. */
export type RawOutcome = { result: RawReply } | { error: string };

export type CommandArg = string | number | Buffer;

/** A whole transaction was refused (EXECABORT): Upstash answers this with an error status, not per-command entries. */
export class TransactionAbortedError extends Error {
  override name = 'TransactionAbortedError';
}

function errorMessage(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs Upstash-REST-shaped commands (arrays of strings) on ioredis: one at a time, as a pipeline or
 * as MULTI/EXEC, rewriting Lua scripts so @upstash/ratelimit works on Redis 7.0 (see lua-shebang.ts).
 * Replies stay raw (Buffers) so a caller can choose UTF-8 or base64. Connection failures and timeouts
 * reject; Redis error replies come back as `{ error }` outcomes.
 */
export function createCommandRunner(redis: IoRedis) {
  const scripts = new LuaScriptRewriter();

  const prepare = (command: readonly unknown[]) => {
    if (command.length === 0) throw new Error('ERR empty command');
    const { command: rewritten, reply } = scripts.rewrite(command.map(toArg));
    const [name, ...args] = rewritten;
    return { name: String(name), args, reply };
  };

  return {
    async one(command: readonly unknown[]): Promise<RawOutcome> {
      let prepared: ReturnType<typeof prepare>;
      try {
        prepared = prepare(command);
      } catch (error) {
        return { error: errorMessage(error) };
      }
      try {
        const value = (await redis.callBuffer(prepared.name, prepared.args)) as RawReply;
        return { result: prepared.reply(value) as RawReply };
      } catch (error) {
        if (isReplyError(error)) return { error: errorMessage(error) };
        throw error;
      }
    },

    async pipeline(commands: readonly (readonly unknown[])[]): Promise<RawOutcome[]> {
      return batch(redis.pipeline(), commands.map(prepare));
    },

    async multi(commands: readonly (readonly unknown[])[]): Promise<RawOutcome[]> {
      try {
        return await batch(redis.multi(), commands.map(prepare));
      } catch (error) {
        if (isReplyError(error)) throw new TransactionAbortedError(errorMessage(error));
        throw error;
      }
    },
  };
}

type Chain = ReturnType<IoRedis['pipeline']>;

async function batch(chain: Chain, prepared: { name: string; args: CommandArg[]; reply: (v: unknown) => unknown }[]) {
  for (const { name, args } of prepared) chain.callBuffer(name, args);
  const replies = await chain.exec();
  if (!replies) throw new TransactionAbortedError('EXECABORT Transaction discarded');
  return replies.map(([error, value], i): RawOutcome => {
    if (error) {
      if (!isReplyError(error)) throw error;
      return { error: error.message };
    }
    return { result: prepared[i]!.reply(value) as RawReply };
  });
}

function toArg(value: unknown): CommandArg {
  if (typeof value === 'string' || typeof value === 'number' || Buffer.isBuffer(value)) return value;
  if (typeof value === 'boolean') return value ? '1' : '0';
  return JSON.stringify(value);
}

/** Redis answered with an error reply (as opposed to the connection failing or timing out). */
function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'ReplyError';
}
