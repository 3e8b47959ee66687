/** The knowledge base's editing API: collections, articles, versions, partners' proposals. */
import { z } from 'zod';
import { idRef, languageSchema as language } from './schemas.ts';
import { plainText, shortText } from './text.ts';

// The same lists as the domain's (packages/domain/src/knowledge.ts); the protocol stays free of it.
const ARTICLE_VISIBILITIES = ['draft', 'internal', 'public'] as const;
const CHANGE_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;

const id = z.string().max(64);
const timestamp = z.string().meta({ format: 'date-time' });
const visibility = z.enum(ARTICLE_VISIBILITIES).meta({
  description: 'draft: editors only; internal: agents (workspace suggestions); public: customers too',
});

// ---- responses ----

export const knowledgeCollectionSchema = z
  .object({
    id,
    name: z.string(),
    description: z.string().nullable(),
    partnerIds: z.array(id).meta({ description: 'Partners who may read and propose changes here' }),
    createdAt: timestamp,
  })
  .meta({ id: 'KnowledgeCollection' });

const contentShape = {
  title: z.string(),
  body: z.string().meta({ description: 'Markdown' }),
  alternativeQuestions: z.array(z.string()).meta({ description: '"Also asked as": other phrasings' }),
  tags: z.array(z.string()),
  visibility,
};

export const articleSchema = z
  .object({
    id,
    collectionId: id,
    translationGroup: id.meta({ description: 'Articles with the same value are translations of each other' }),
    language,
    ...contentShape,
    version: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
    updatedBy: id,
  })
  .meta({ id: 'Article' });

export const articleDetailSchema = articleSchema
  .extend({
    translations: z.array(
      z.object({ id, language, title: z.string(), visibility, version: z.number().int() }),
    ),
  })
  .meta({ id: 'ArticleDetail' });

export const articleVersionSchema = z
  .object({
    articleId: id,
    version: z.number().int(),
    ...contentShape,
    authorId: id,
    restoredFrom: z.number().int().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'ArticleVersion' });

export const articleDiffSchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    changes: z.array(
      z.object({
        field: z.enum(['title', 'body', 'alternativeQuestions', 'tags', 'visibility']),
        parts: z.array(z.object({ value: z.string(), added: z.boolean(), removed: z.boolean() })),
      }),
    ),
  })
  .meta({ id: 'ArticleDiff', description: 'Only the fields that differ, as unchanged/added/removed parts' });

export const changeRequestSchema = z
  .object({
    id,
    collectionId: id,
    articleId: id.nullable().meta({ description: 'null: a proposed new article (set once approved)' }),
    baseVersion: z.number().int().nullable(),
    language,
    content: z.object(contentShape),
    authorId: id,
    status: z.enum(CHANGE_REQUEST_STATUSES),
    reviewerId: id.nullable(),
    reviewNote: z.string().nullable(),
    createdAt: timestamp,
    reviewedAt: timestamp.nullable(),
  })
  .meta({ id: 'ArticleChangeRequest' });

// ---- requests ----

const contentInput = {
  title: shortText(300),
  body: plainText(100_000),
  alternativeQuestions: z.array(shortText(500)).max(50),
  tags: z.array(shortText(50)).max(30),
  visibility,
};

export const createCollectionRequest = z
  .strictObject({ name: shortText(200), description: plainText(2000).nullable().default(null) })
  .meta({ id: 'CreateKnowledgeCollectionRequest' });

export const setCollectionPartnersRequest = z
  .strictObject({ partnerIds: z.array(idRef).max(500) })
  .meta({ id: 'SetCollectionPartnersRequest' });

export const createArticleRequest = z
  .strictObject({
    collectionId: idRef,
    language,
    translationOf: idRef.nullable().default(null).meta({
      description: 'An article this one translates (into another language); links the two',
    }),
    title: contentInput.title,
    body: contentInput.body.default(''),
    alternativeQuestions: contentInput.alternativeQuestions.default([]),
    tags: contentInput.tags.default([]),
    visibility: visibility.default('draft'),
  })
  .meta({ id: 'CreateArticleRequest' });

export const updateArticleRequest = z
  .strictObject({
    baseVersion: z.number().int().min(1).meta({
      description: 'The version you started from; 409 when someone saved in between',
    }),
    title: contentInput.title.optional(),
    body: contentInput.body.optional(),
    alternativeQuestions: contentInput.alternativeQuestions.optional(),
    tags: contentInput.tags.optional(),
    visibility: visibility.optional(),
  })
  .meta({ id: 'UpdateArticleRequest' });

export const restoreVersionRequest = z
  .strictObject({
    version: z.number().int().min(1).meta({ description: 'The old version to make current again' }),
    baseVersion: z.number().int().min(1).meta({ description: 'The current version, as you saw it' }),
  })
  .meta({ id: 'RestoreArticleVersionRequest' });

export const reviewChangeRequestRequest = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    note: plainText(2000).nullable().default(null),
  })
  .meta({ id: 'ReviewChangeRequestRequest' });

export const articleListQuery = z.object({
  collectionId: idRef.optional(),
  language: language.optional(),
  visibility: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const items = value.split(',').filter(Boolean);
      for (const item of items) {
        if (!(ARTICLE_VISIBILITIES as readonly string[]).includes(item)) {
          ctx.addIssue({ code: 'custom', message: `unknown visibility "${item}"` });
          return z.NEVER;
        }
      }
      return items as (typeof ARTICLE_VISIBILITIES)[number][];
    })
    .meta({ description: 'Comma-separated: draft,internal,public' }),
  tag: shortText(50).optional(),
});

export const articleDiffQuery = z.object({
  from: z.coerce.number().int().min(1).max(1_000_000).optional().meta({ description: 'Default: to - 1' }),
  to: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .optional()
    .meta({ description: 'Default: the current version' }),
});

export const changeRequestListQuery = z.object({
  status: z.enum(CHANGE_REQUEST_STATUSES).optional(),
});

// ---- the widget's suggestions (public) ----

export const articleSuggestionsQuery = z.object({
  q: z.string().max(2000).meta({ description: 'What the visitor has typed so far' }),
  language: language.default('de'),
});

export const articleSuggestionsSchema = z
  .object({
    items: z.array(
      z.object({
        id,
        title: z.string(),
        language,
        url: z.string().meta({ description: 'The article in the help centre' }),
      }),
    ),
  })
  .meta({ id: 'ArticleSuggestions' });
