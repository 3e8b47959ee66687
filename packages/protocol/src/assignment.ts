/** Automatic assignment: agents' presence, capacity and skills, teams' strategy (issue 6). */
import { z } from 'zod';
import { languageSchema as language } from './schemas.ts';

const id = z.string().max(64);
const topic = z.string().trim().min(1).max(80);

export const agentAvailabilitySchema = z
  .enum(['online', 'away', 'offline'])
  .meta({ id: 'AgentAvailability', description: 'Whether the agent takes new conversations' });

export const assignmentStrategySchema = z.enum(['round-robin', 'least-load']).meta({
  id: 'AssignmentStrategy',
  description: 'round-robin: each in turn; least-load: the fewest open conversations',
});

export const presenceSchema = z
  .object({
    availability: agentAvailabilitySchema,
    effective: agentAvailabilitySchema.meta({
      description: 'What counts for assignment: "online" only while a workspace of the agent is connected',
    }),
  })
  .meta({ id: 'Presence' });

export const setAvailabilityRequest = z
  .strictObject({ availability: agentAvailabilitySchema })
  .meta({ id: 'SetAvailabilityRequest' });

export const agentAssignmentSchema = z
  .object({
    agentId: id,
    name: z.string(),
    availability: agentAvailabilitySchema,
    effective: agentAvailabilitySchema,
    lastSeenAt: z.string().nullable(),
    capacity: z.number().int().meta({ description: 'Most open conversations assigned automatically' }),
    load: z.number().int().meta({ description: 'Open (not resolved) conversations assigned now' }),
    languages: z.array(language).meta({ description: 'Empty: any language' }),
    topics: z.array(z.string()).meta({ description: 'Intent names or labels, lower case' }),
  })
  .meta({ id: 'AgentAssignment' });

export const teamAssignmentSchema = z
  .object({ teamId: id, strategy: assignmentStrategySchema, autoAssign: z.boolean() })
  .meta({ id: 'TeamAssignment' });

export const assignmentOverviewSchema = z
  .object({
    strategy: assignmentStrategySchema.meta({ description: 'For conversations without a team' }),
    agents: z.array(agentAssignmentSchema),
    teams: z.array(teamAssignmentSchema),
  })
  .meta({ id: 'AssignmentOverview' });

export const updateAssignmentSettingsRequest = z
  .strictObject({ strategy: assignmentStrategySchema })
  .meta({ id: 'UpdateAssignmentSettingsRequest' });

export const updateAgentAssignmentRequest = z
  .strictObject({
    capacity: z.number().int().min(0).max(1000).optional(),
    languages: z.array(language).max(10).optional(),
    topics: z.array(topic).max(50).optional(),
  })
  .meta({ id: 'UpdateAgentAssignmentRequest' });

export const updateTeamAssignmentRequest = z
  .strictObject({
    strategy: assignmentStrategySchema.optional(),
    autoAssign: z.boolean().optional(),
  })
  .meta({ id: 'UpdateTeamAssignmentRequest' });
