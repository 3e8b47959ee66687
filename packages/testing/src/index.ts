/**
 * @module @sofortdesk/testing
 * Test support: every database, factories, a test app.
 */
export * from './databases.ts';
export * from './factories.ts';
