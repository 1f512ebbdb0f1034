import { z } from 'zod';
import { parties, roomNameSchema } from '#realtime/protocol';

export const ticketBody = z.object({ room: roomNameSchema });

export const roomParams = z.object({ party: z.enum(parties), id: z.uuid() });

export const postParams = z.object({ id: z.uuid() });

export const eventsQuery = z.object({
  since: z.coerce.number().int().nonnegative(),
  limit: z.coerce.number().int().min(0).max(1000).default(500),
});
