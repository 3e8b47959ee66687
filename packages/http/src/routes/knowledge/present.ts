/** The knowledge base's wire shapes: what the domain keeps, without the account id. */
import type {
  Article,
  ArticleChangeRequest,
  ArticleWithTranslations,
  KnowledgeCollection,
} from '@sofortdesk/domain';

export const presentCollection = ({ accountId: _, ...collection }: KnowledgeCollection) => collection;

export const presentArticle = ({ accountId: _, ...article }: Article) => article;

export const presentArticleDetail = ({ article, translations }: ArticleWithTranslations) => ({
  ...presentArticle(article),
  translations,
});

export const presentChangeRequest = ({ accountId: _, ...request }: ArticleChangeRequest) => request;
