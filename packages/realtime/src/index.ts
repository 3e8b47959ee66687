/**
 * @module @sofortdesk/realtime
 * The WebSocket gateways: agents' (authorised subscriptions, cursors, replay after reconnect) and the
 * widget visitors' (their own conversations only).
 */
export { RealtimeGateway, REALTIME_PATH, type GatewayDeps } from './gateway.ts';
export {
  VisitorGateway,
  VISITOR_SUBPROTOCOL,
  WIDGET_REALTIME_PATH,
  type VisitorGatewayDeps,
} from './visitor-gateway.ts';
