// Reads what the sidebar needs from Zendesk once: settings, ticket id, names, the agent's language, the composer.
import { createRelayClient, firstNameOf, pickLanguage } from '@smsbridge/sidebar';
import type { QuickReplyValues, RelayClient, SidebarLanguage } from '@smsbridge/sidebar';
import { zafRelayRequest } from '../zaf/zaf-request.ts';
import type { ZafClient } from '../zaf/zaf-client.ts';

export interface TicketSetup {
  readonly relay: RelayClient;
  readonly ticketId: number;
  readonly language: SidebarLanguage;
  readonly values: QuickReplyValues;
  readonly commentText: string;
  readonly commentType: string | undefined;
}

function firstWord(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const word = name.trim().split(/\s+/)[0];
  return word === '' ? undefined : word;
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Throws with a plain message when the app is installed without its settings. */
export async function loadTicketSetup(client: ZafClient): Promise<TicketSetup> {
  const [metadata, data] = await Promise.all([
    client.metadata(),
    client.get([
      'ticket.id',
      'ticket.requester.name',
      'currentUser.name',
      'currentUser.locale',
      'comment.text',
      'comment.type',
    ]),
  ]);
  const relayUrl = stringOf(metadata.settings.relay_url);
  const workspaceId = stringOf(metadata.settings.workspace_id);
  if (relayUrl === undefined || workspaceId === undefined) {
    throw new Error('the app settings need the relay URL and the workspace id');
  }
  const ticketId = Number(data['ticket.id']);
  let orderId: string | undefined;
  const orderField = stringOf(metadata.settings.order_id_field);
  if (orderField !== undefined && /^[1-9][0-9]*$/.test(orderField)) {
    const path = `ticket.customField:custom_field_${orderField}`;
    orderId = stringOf((await client.get(path))[path]);
  }
  return {
    relay: createRelayClient({
      relayUrl,
      workspaceId,
      // Filled in by Zendesk's proxy from the secure setting (zendesk.md §4.5).
      authorization: 'Bearer {{setting.relay_token}}',
      request: zafRelayRequest(client),
    }),
    ticketId,
    language: pickLanguage(data['currentUser.locale']),
    values: {
      // Not the relay's "SMS +1415..." placeholder name, nor a bare number.
      first_name: firstNameOf(data['ticket.requester.name']),
      agent_name: firstWord(data['currentUser.name']),
      order_id: orderId,
    },
    commentText: typeof data['comment.text'] === 'string' ? data['comment.text'] : '',
    commentType: typeof data['comment.type'] === 'string' ? data['comment.type'] : undefined,
  };
}
