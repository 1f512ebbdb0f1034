// Types for ensure-built.mjs, which stays plain JavaScript so that `npm start` runs it uncompiled.
type Log = (line: string) => void;
export function ensureServerBuilt(log?: Log): void;
export function ensureWebBuilt(log?: Log, realtimeUrl?: string): void;
