/** Automatic assignment: one's own availability (header) and the admins' settings, on the app's ApiClient. */
import type { z } from 'zod';
import type {
  agentAssignmentSchema,
  assignmentOverviewSchema,
  presenceSchema,
  teamAssignmentSchema,
  updateAgentAssignmentRequest,
  updateTeamAssignmentRequest,
} from '@sofortdesk/protocol';
import type { ApiClient } from '../api/client.ts';

export type Presence = z.infer<typeof presenceSchema>;
export type AgentAvailability = Presence['availability'];
export type AssignmentOverview = z.infer<typeof assignmentOverviewSchema>;
export type AgentAssignment = z.infer<typeof agentAssignmentSchema>;
export type TeamAssignment = z.infer<typeof teamAssignmentSchema>;
export type AssignmentStrategy = AssignmentOverview['strategy'];
export type AgentAssignmentChanges = z.input<typeof updateAgentAssignmentRequest>;
export type TeamAssignmentChanges = z.input<typeof updateTeamAssignmentRequest>;

export const AVAILABILITIES = ['online', 'away', 'offline'] as const satisfies readonly AgentAvailability[];
export const STRATEGIES = ['round-robin', 'least-load'] as const satisfies readonly AssignmentStrategy[];

const path = (id: string) => encodeURIComponent(id);

export class AssignmentApi {
  constructor(private readonly api: ApiClient) {}

  presence = () => this.api.request<Presence>('GET', '/api/v1/me/availability');
  setAvailability = (availability: AgentAvailability) =>
    this.api.request<Presence>('PUT', '/api/v1/me/availability', { availability });
  overview = () => this.api.request<AssignmentOverview>('GET', '/api/v1/settings/assignment');
  setStrategy = (strategy: AssignmentStrategy) =>
    this.api.request<AssignmentOverview>('PUT', '/api/v1/settings/assignment', { strategy });
  updateAgent = (agentId: string, changes: AgentAssignmentChanges) =>
    this.api.request<AgentAssignment>('PATCH', `/api/v1/agents/${path(agentId)}/assignment`, changes);
  updateTeam = (teamId: string, changes: TeamAssignmentChanges) =>
    this.api.request<TeamAssignment>('PATCH', `/api/v1/teams/${path(teamId)}/assignment`, changes);
}
