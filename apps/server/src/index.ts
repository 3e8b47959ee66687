/**
 * @module @sofortdesk/server
 * The composition root: build adapters from config, start roles.
 */
export { startServer, VERSION, type RunningServer, type StartOptions } from './server.ts';
export { createAdmin } from './bootstrap.ts';
export { seedDemo, DEMO_LOGINS } from './demo.ts';
export { createLogger } from './logger.ts';
export { EmbeddingsUnavailableError, OpenAiEmbeddings } from './embeddings/openai-embeddings.ts';
export { textOf as embeddingTextOf } from './embeddings/embedding-signals.ts';
