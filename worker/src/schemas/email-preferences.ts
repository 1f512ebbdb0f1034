import { z } from 'zod';

export const mailFrequency = z.enum(['off', 'instant', 'daily']);

const timeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'Choose a time zone such as Europe/Paris');

/** Each field optional: a PUT changes what it names. */
export const emailPreferencesBody = z.object({
  replies: mailFrequency.optional(),
  comments: mailFrequency.optional(),
  digestHour: z.number().int().min(0, 'Choose an hour from 0 to 23').max(23, 'Choose an hour from 0 to 23').optional(),
  timeZone: timeZone.optional(),
});

export type EmailPreferencesBody = z.infer<typeof emailPreferencesBody>;
export type MailFrequency = z.infer<typeof mailFrequency>;
