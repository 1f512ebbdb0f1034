import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';

export const tagsRoutes = new Hono<AppEnv>();
