import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';

export const feedRoutes = new Hono<AppEnv>();
