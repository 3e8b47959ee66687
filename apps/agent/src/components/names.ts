import type { Agent, ContactDetail } from '../api/types.ts';

/** A contact's name, else how we know them (e-mail, phone, an identity), else the fallback. */
export function contactName(
  contact: Pick<ContactDetail, 'name' | 'email' | 'phone' | 'identities'> | undefined,
  fallback: string,
): string {
  if (!contact) return fallback;
  return contact.name ?? contact.email ?? contact.phone ?? contact.identities[0]?.value ?? fallback;
}

export function agentName(agents: Record<string, Agent>, id: string | null): string | undefined {
  return id ? agents[id]?.name : undefined;
}
