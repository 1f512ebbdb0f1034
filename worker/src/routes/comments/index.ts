import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';

export const commentsRoutes = new Hono<AppEnv>();
