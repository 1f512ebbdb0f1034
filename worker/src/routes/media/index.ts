import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';

export const mediaRoutes = new Hono<AppEnv>();
