import { z } from '@hono/zod-openapi';
import { idRef } from '@sofortdesk/protocol';

export const collectionParams = z.object({ collectionId: idRef });
export const articleParams = z.object({ articleId: idRef });
export const changeRequestParams = z.object({ changeRequestId: idRef });

/** Every knowledge route's tag in the API documentation. */
export const TAG = 'Knowledge base';
