import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';

export const followsRoutes = new Hono<AppEnv>();
