/**
 * @module @sofortdesk/http
 * The REST API (Hono + zod + OpenAPI 3.1), authentication, and the operational endpoints.
 */
export { createHttpApp, type HttpApp, type HttpAppDeps } from './app.ts';
export { AuthService, SESSION_COOKIE, hashSecret, safeEqual } from './auth/auth-service.ts';
export { argon2Hasher } from './auth/passwords.ts';
export { createMetrics, type Metrics } from './metrics.ts';
export {
  presentEphemeral,
  presentEvent,
  presentVisitorEphemeral,
  presentVisitorEvent,
} from './presenters.ts';
export { endpoints } from './routes/index.ts';
export { throttle } from './middleware/rate-limit.ts';
