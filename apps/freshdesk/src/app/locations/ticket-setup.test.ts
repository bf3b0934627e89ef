import { describe, expect, it, vi } from 'vitest';
import { loadTicketSetup } from './ticket-setup.ts';

function fakeClient(data: Record<string, unknown>, iparams: Record<string, unknown> = {}) {
  const invokeTemplate = vi.fn(() =>
    Promise.resolve({ status: 200, headers: {}, response: '{"quickReplies":[]}' }),
  );
  return {
    invokeTemplate,
    client: {
      data: {
        get: vi.fn((name: string) =>
          name in data ? Promise.resolve({ [name]: data[name] }) : Promise.reject(new Error(name)),
        ),
      },
      iparams: { get: vi.fn(() => Promise.resolve(iparams)) },
      request: { invokeTemplate },
    },
  };
}

const agent = {
  id: 7,
  contact: { name: 'Alex Agent', email: 'alex@acme.test', language: 'es-LA' },
};

describe('loadTicketSetup', () => {
  it('reads the ticket, the requester first name, the agent and its language', async () => {
    const { client } = fakeClient(
      {
        ticket: { id: 12, custom_fields: { cf_order: 'A-991' } },
        contact: { id: 3, name: 'Ana Lima', mobile: '+14155550123' },
        loggedInUser: agent,
      },
      { workspace_id: 'acme', order_id_field: 'cf_order' },
    );
    const setup = await loadTicketSetup(client);
    expect(setup).toMatchObject({
      ticketId: 12,
      language: 'es',
      agentName: 'Alex Agent',
      values: { first_name: 'Ana', agent_name: 'Alex', order_id: 'A-991' },
    });
  });

  it('leaves {{first_name}} unfilled for the relay’s "SMS +1..." requester, and copes without a contact', async () => {
    const placeholder = fakeClient({
      ticket: { id: 1 },
      contact: { name: 'SMS +14155550123' },
      loggedInUser: agent,
    });
    expect((await loadTicketSetup(placeholder.client)).values.first_name).toBeUndefined();
    const noContact = fakeClient({ ticket: { id: 1 }, loggedInUser: agent });
    expect((await loadTicketSetup(noContact.client)).values.first_name).toBeUndefined();
  });

  it('calls the relay through request templates, never with a URL or a token of its own', async () => {
    const { client, invokeTemplate } = fakeClient(
      { ticket: { id: 5 }, loggedInUser: agent },
      { workspace_id: 'acme' },
    );
    const { relay } = await loadTicketSetup(client);
    await relay.quickReplies();
    expect(invokeTemplate).toHaveBeenCalledWith('relayQuickReplies', { context: {} });
  });

  it('says plainly when the page has no ticket or no agent', async () => {
    await expect(
      loadTicketSetup(fakeClient({ ticket: {}, loggedInUser: agent }).client),
    ).rejects.toThrow('this page has no ticket to text about');
    await expect(
      loadTicketSetup(fakeClient({ ticket: { id: 4 }, loggedInUser: { id: 1 } }).client),
    ).rejects.toThrow('Freshdesk did not say who the agent is');
  });
});
