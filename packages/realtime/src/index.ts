/**
 * @module @sofortdesk/realtime
 * The WebSocket gateway: authorised subscriptions, cursors, replay after reconnect.
 */
export { RealtimeGateway, REALTIME_PATH, type GatewayDeps } from './gateway.ts';
