import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';

export const postsRoutes = new Hono<AppEnv>();
