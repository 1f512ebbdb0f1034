import { z } from 'zod';

export const listNotificationsQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;
