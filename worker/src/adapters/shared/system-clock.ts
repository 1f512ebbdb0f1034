import type { Clock } from '#worker/ports';

export const systemClock: Clock = { now: () => new Date() };
