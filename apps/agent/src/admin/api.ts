/**
 * The admin screens' calls, on the app's one ApiClient (session cookie, CSRF token, problems as
 * ApiError). Types come from the server's own zod schemas.
 */
import type { z } from 'zod';
import type {
  createCannedAnswerRequest,
  createdInboxSchema,
  createInboxRequest,
  createAgentRequest,
  rotatedWebchatSecretSchema,
  updateAgentRequest,
  updateCannedAnswerRequest,
  updateWebchatSettingsRequest,
  webchatSettingsDetailSchema,
  setBusinessHoursRequest,
  automaticAnswerSettingsSchema,
} from '@sofortdesk/protocol';
import type { ApiClient } from '../api/client.ts';
import type { Agent, CannedAnswer, Inbox, Team } from '../api/types.ts';

export type { CannedAnswer, Team };

export type CannedAnswerInput = z.input<typeof createCannedAnswerRequest>;
export type CannedAnswerChanges = z.input<typeof updateCannedAnswerRequest>;
export type CreatedInbox = z.infer<typeof createdInboxSchema>;
export type NewInbox = z.input<typeof createInboxRequest>;
export type NewAgent = z.input<typeof createAgentRequest>;
export type AgentChanges = z.input<typeof updateAgentRequest>;
export type WebchatSettings = z.infer<typeof webchatSettingsDetailSchema>;
export type WebchatChanges = z.input<typeof updateWebchatSettingsRequest>;
export type RotatedSecret = z.infer<typeof rotatedWebchatSecretSchema>;
export type AutomaticAnswerSettings = z.infer<typeof automaticAnswerSettingsSchema>;
export type BusinessHours = NonNullable<z.input<typeof setBusinessHoursRequest>['businessHours']>;

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

export class AdminApi {
  constructor(private readonly api: ApiClient) {}

  inboxes = () => this.api.request<{ items: Inbox[] }>('GET', '/api/v1/inboxes');
  createInbox = (inbox: NewInbox) => this.api.request<CreatedInbox>('POST', '/api/v1/inboxes', inbox);
  webchat = (inboxId: string) =>
    this.api.request<WebchatSettings>('GET', `/api/v1/inboxes/${path(inboxId)}/webchat`);
  updateWebchat = (inboxId: string, changes: WebchatChanges) =>
    this.api.request<WebchatSettings>('PATCH', `/api/v1/inboxes/${path(inboxId)}/webchat`, changes);
  rotateSecret = (inboxId: string) =>
    this.api.request<RotatedSecret>('POST', `/api/v1/inboxes/${path(inboxId)}/webchat/secrets`, {
      keepPrevious: true,
    });
  setBusinessHours = (inboxId: string, businessHours: BusinessHours | null) =>
    this.api.request<Inbox>('PUT', `/api/v1/inboxes/${path(inboxId)}/business-hours`, { businessHours });
  inboxMembers = (inboxId: string) =>
    this.api.request<{ items: Agent[] }>('GET', `/api/v1/inboxes/${path(inboxId)}/members`);
  setInboxMember = (inboxId: string, agentId: string, member: boolean) =>
    this.api.request<void>(member ? 'PUT' : 'DELETE', `/api/v1/inboxes/${path(inboxId, 'members', agentId)}`);

  agents = () => this.api.request<{ items: Agent[] }>('GET', '/api/v1/agents');
  createAgent = (agent: NewAgent) => this.api.request<Agent>('POST', '/api/v1/agents', agent);
  updateAgent = (agentId: string, changes: AgentChanges) =>
    this.api.request<Agent>('PATCH', `/api/v1/agents/${path(agentId)}`, changes);

  teams = () => this.api.request<{ items: Team[] }>('GET', '/api/v1/teams');
  createTeam = (name: string) => this.api.request<Team>('POST', '/api/v1/teams', { name });
  teamMembers = (teamId: string) =>
    this.api.request<{ items: Agent[] }>('GET', `/api/v1/teams/${path(teamId)}/members`);
  setTeamMember = (teamId: string, agentId: string, member: boolean) =>
    this.api.request<void>(member ? 'PUT' : 'DELETE', `/api/v1/teams/${path(teamId, 'members', agentId)}`);

  cannedAnswers = () => this.api.request<{ items: CannedAnswer[] }>('GET', '/api/v1/canned-answers');
  createCannedAnswer = (answer: CannedAnswerInput) =>
    this.api.request<CannedAnswer>('POST', '/api/v1/canned-answers', answer);
  updateCannedAnswer = (id: string, changes: CannedAnswerChanges) =>
    this.api.request<CannedAnswer>('PATCH', `/api/v1/canned-answers/${path(id)}`, changes);
  deleteCannedAnswer = (id: string) => this.api.request<void>('DELETE', `/api/v1/canned-answers/${path(id)}`);

  automaticAnswers = () =>
    this.api.request<AutomaticAnswerSettings>('GET', '/api/v1/settings/automatic-answers');
  setAutomaticAnswers = (settings: AutomaticAnswerSettings) =>
    this.api.request<AutomaticAnswerSettings>('PUT', '/api/v1/settings/automatic-answers', settings);
}
