// Reads what the sidebar needs from Freshdesk once: the ticket, the requester, the agent, the iparams.
import { createRelayClient, firstNameOf, pickLanguage } from '@smsbridge/sidebar';
import type { QuickReplyValues, RelayClient, SidebarLanguage } from '@smsbridge/sidebar';
import { fdkRelayRequest } from '../fdk/fdk-request.ts';
import type { FreshworksClient } from '../fdk/freshworks-client.ts';

export interface TicketSetup {
  readonly relay: RelayClient;
  readonly ticketId: number;
  readonly language: SidebarLanguage;
  /** The agent's full name: the relay writes "Sent by SMS by <agentName>" on the ticket. */
  readonly agentName: string;
  readonly values: QuickReplyValues;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * `client.data.get('ticket')` → `{ ticket: { id, ... } }` and `'contact'` → `{ contact: { name,
 * mobile, phone } }` (freshdesk.md §3.10). `'loggedInUser'` is listed there without its shape; it
 * is read as `{ loggedInUser: { id, contact: { name, email, language } } }` with a top-level
 * `name`/`language` as fallback [unverified].
 */
export async function loadTicketSetup(
  client: Pick<FreshworksClient, 'data' | 'iparams' | 'request'>,
): Promise<TicketSetup> {
  const [ticketData, userData, iparams, contactData] = await Promise.all([
    client.data.get('ticket'),
    client.data.get('loggedInUser'),
    // Only the non-secure iparams are readable; the token stays with the platform (§3.4).
    client.iparams.get().catch((): Record<string, unknown> => ({})),
    // No contact (e.g. a ticket being created) is not fatal: the name only fills {{first_name}}.
    client.data.get('contact').catch((): Record<string, unknown> => ({})),
  ]);
  const ticket = record(ticketData.ticket);
  const ticketId = Number(ticket.id);
  if (!Number.isSafeInteger(ticketId) || ticketId < 1) {
    throw new Error('this page has no ticket to text about');
  }
  const user = record(userData.loggedInUser);
  const profile = record(user.contact);
  const agentName = stringOf(profile.name) ?? stringOf(user.name) ?? stringOf(profile.email);
  if (agentName === undefined) throw new Error('Freshdesk did not say who the agent is');

  let orderId: string | undefined;
  const orderField = stringOf(iparams.order_id_field);
  if (orderField !== undefined) {
    orderId = stringOf(record(ticket.custom_fields)[orderField]) ?? stringOf(ticket[orderField]);
  }
  return {
    relay: createRelayClient({
      // The request templates fix the relay host, the workspace and the token header
      // (config/requests.json); these only name the calls in error messages.
      relayUrl: '',
      workspaceId: stringOf(iparams.workspace_id) ?? 'workspace',
      authorization: '',
      request: fdkRelayRequest(client),
    }),
    ticketId,
    language: pickLanguage(profile.language ?? user.language),
    agentName: agentName.slice(0, 100),
    values: {
      // Not the relay's "SMS +1415..." placeholder name, nor a bare number.
      first_name: firstNameOf(record(contactData.contact).name),
      agent_name: agentName.split(/\s+/)[0],
      order_id: orderId,
    },
  };
}
