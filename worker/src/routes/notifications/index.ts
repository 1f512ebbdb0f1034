import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';

export const notificationsRoutes = new Hono<AppEnv>();
