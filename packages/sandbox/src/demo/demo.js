// The demo page's script: polls the sandbox's control routes each second, renders both panes.
/* global CSS, document, FileReader */

const POLL_MS = 1000;
const TWILIO = '/_sandbox/twilio';
const ZENDESK = '/_sandbox/zendesk';
const FRESHDESK = '/_sandbox/freshdesk';
const E164 = /^\+[1-9]\d{6,14}$/;
/** "NumMedia is 0–10" (carriers.md §1.1). */
const MAX_IMAGES = 10;
/** 5 MB per image, Twilio's MMS limit for jpeg/png/gif (carriers.md §1.5, `MediaUrl`). */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Keeps one request under the control route's JSON limit once base64 grows it by a third. */
const MAX_TOTAL_IMAGE_BYTES = 15 * 1024 * 1024;
/** How long after a text the agent view keeps looking for that customer's ticket to select it. */
const FOLLOW_MS = 15_000;

/** Twilio error codes in plain words (carriers.md §1.6 "Error codes"). */
const ERROR_WORDS = {
  21610: 'the customer opted out (replied STOP)',
  21211: 'not a valid phone number',
  21614: 'not a valid mobile number',
  30001: 'carrier queue overflow',
  30003: 'the phone is unreachable',
  30004: 'message blocked',
  30005: 'unknown phone number',
  30006: 'landline or unreachable carrier',
  30007: 'filtered by the carrier',
  30008: 'unknown error',
};

const STATUS_WORDS = {
  queued: 'Queued',
  accepted: 'Accepted',
  scheduled: 'Scheduled',
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  undelivered: 'Not delivered',
  failed: 'Failed',
  canceled: 'Canceled',
  partially_delivered: 'Partly delivered',
};

/** Freshdesk's fixed status and priority numbers (freshdesk.md §1.5); the class names are the page's. */
const FRESHDESK_STATUSES = {
  2: { key: 'open', label: 'Open' },
  3: { key: 'pending', label: 'Pending' },
  4: { key: 'solved', label: 'Resolved' },
  5: { key: 'closed', label: 'Closed' },
};
const FRESHDESK_STATUS_NUMBERS = { solved: 4, closed: 5 };
const FRESHDESK_PRIORITIES = { 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' };
/** Conversation `source` (freshdesk.md §1.5): Reply 0, Note 2. */
const FRESHDESK_REPLY_SOURCE = 0;
const FRESHDESK_NOTE_SOURCE = 2;

const byId = (id) => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element;
};

const el = {
  connection: byId('connection'),
  announcer: byId('announcer'),
  customerNumber: byId('customer-number'),
  knownNumbers: byId('known-numbers'),
  businessNumber: byId('business-number'),
  screen: byId('phone-screen'),
  phoneEmpty: byId('phone-empty'),
  conversation: byId('conversation'),
  phoneError: byId('phone-error'),
  compose: byId('compose'),
  message: byId('message'),
  attachments: byId('attachments'),
  attachmentList: byId('attachment-list'),
  sendText: byId('send-text'),
  faultCode: byId('fault-code'),
  faultSet: byId('fault-set'),
  faultClear: byId('fault-clear'),
  faultState: byId('fault-state'),
  noTickets: byId('no-tickets'),
  tickets: byId('tickets'),
  ticket: byId('ticket'),
  ticketTitle: byId('ticket-title'),
  ticketMeta: byId('ticket-meta'),
  openAppHint: byId('open-app-hint'),
  openApp: byId('open-app'),
  comments: byId('comments'),
  reply: byId('reply'),
  replyBody: byId('reply-body'),
  replySubmit: byId('reply-submit'),
  replyKindLegend: byId('reply-kind-legend'),
  publicLabel: byId('public-label'),
  internalLabel: byId('internal-label'),
  solve: byId('solve'),
  close: byId('close'),
  closedHint: byId('closed-hint'),
  agentError: byId('agent-error'),
};

const state = {
  /** What the sandbox plays (`GET /demo/config.json`): { helpdesk, appHarness }. */
  config: undefined,
  connected: undefined,
  polledOnce: false,
  inbound: [],
  outbox: [],
  /** The helpdesk's tickets in the page's words (see `HELPDESKS`). */
  tickets: [],
  /** Requesters and agents by id: { name, phone, phones, role: 'end-user' | 'agent' | 'relay' }. */
  people: new Map(),
  selectedTicketId: undefined,
  /** The relay's HTTP answer to each text sent from this page, by MessageSid. */
  answers: new Map(),
  /** Object URLs of the images sent from this page, by MessageSid, to show them on the phone. */
  previews: new Map(),
  /** Images picked for the next text: { file, url }. */
  picked: [],
  /** After a text: select that customer's ticket once it shows the text. */
  follow: undefined,
  seenOutbox: new Set(),
  seenTickets: new Set(),
  rendered: { phone: '', tickets: '', ticket: '' },
};

/** A control route refused or the sandbox could not be reached; the message is plain words. */
class ControlError extends Error {}

async function control(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ControlError('the sandbox did not answer (is `pnpm demo` still running?)');
  }
  const text = await response.text();
  let json;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const reason =
      json !== undefined && typeof json.error === 'string'
        ? json.error
        : `the sandbox answered HTTP ${response.status}`;
    throw new ControlError(reason);
  }
  return json;
}

function firstLine(text) {
  const line = String(text ?? '')
    .split('\n')
    .find((part) => part.trim() !== '');
  return line === undefined ? '' : line.trim().slice(0, 200);
}

function showError(element, message) {
  element.textContent = message;
  element.hidden = false;
}

function hideError(element) {
  element.hidden = true;
  element.textContent = '';
}

function announce(message) {
  el.announcer.textContent = message;
}

function make(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.className !== undefined) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function timeOf(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function timeElement(iso) {
  return make('time', { text: timeOf(iso), attrs: { datetime: iso } });
}

function customerNumber() {
  return el.customerNumber.value.trim();
}

function businessNumber() {
  return el.businessNumber.value;
}

function setConnection(connected, reason) {
  if (state.connected === connected && connected) return;
  state.connected = connected;
  el.connection.className = `connection ${connected ? 'ok' : 'down'}`;
  el.connection.textContent = connected
    ? `Connected to the sandbox at ${document.location.origin}; updating every second.`
    : `Not connected: ${reason}. Retrying every second…`;
}

// ---- The phone ----

function conversationItems() {
  const customer = customerNumber();
  const business = businessNumber();
  const sent = state.inbound
    .filter((text) => text.from === customer && text.to === business)
    .map((text) => ({ kind: 'sent', at: text.createdAt, text }));
  const received = state.outbox
    .filter((message) => message.to === customer && message.from === business)
    .map((message) => ({ kind: 'received', at: message.createdAt, message }));
  return [...sent, ...received].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function sentMeta(text) {
  const answer = state.answers.get(text.sid);
  const parts = [timeOf(text.createdAt)];
  if (text.numMedia > 0) parts.push(`${text.numMedia} image${text.numMedia === 1 ? '' : 's'}`);
  if (answer === undefined) parts.push('Sent');
  else if (answer === 200) parts.push('Sent · accepted by the relay');
  else parts.push(`Sent · the relay refused it (HTTP ${answer})`);
  return parts.join(' · ');
}

function receivedMeta(message) {
  const words = STATUS_WORDS[message.status] ?? message.status;
  const explained = ERROR_WORDS[message.errorCode];
  const error =
    message.errorCode === undefined
      ? ''
      : ` (error ${message.errorCode}${explained === undefined ? '' : `: ${explained}`})`;
  return `${timeOf(message.createdAt)} · ${words}${error}`;
}

function renderPhone() {
  const items = conversationItems();
  const key = JSON.stringify([
    customerNumber(),
    businessNumber(),
    items,
    [...state.answers],
    [...state.previews.keys()],
  ]);
  if (key === state.rendered.phone) return;
  state.rendered.phone = key;

  const nearBottom = el.screen.scrollHeight - el.screen.scrollTop - el.screen.clientHeight < 60;
  const rows = items.map((item) => {
    if (item.kind === 'sent') {
      const images = (state.previews.get(item.text.sid) ?? []).map((url) =>
        make('img', { attrs: { src: url, alt: 'Image you sent' } }),
      );
      return make('li', { className: 'bubble sent' }, [
        make('span', { className: 'visually-hidden', text: 'You: ' }),
        ...images,
        item.text.body,
        make('span', { className: 'meta', text: sentMeta(item.text) }),
      ]);
    }
    const failed = ['undelivered', 'failed', 'canceled'].includes(item.message.status);
    return make('li', { className: `bubble received${failed ? ' failed' : ''}` }, [
      make('span', { className: 'visually-hidden', text: 'Business: ' }),
      item.message.body,
      make('span', { className: 'meta', text: receivedMeta(item.message) }),
    ]);
  });
  el.conversation.replaceChildren(...rows);
  el.phoneEmpty.hidden = rows.length > 0;
  if (nearBottom) el.screen.scrollTop = el.screen.scrollHeight;

  const known = new Set([
    ...state.inbound.map((text) => text.from),
    ...state.outbox.map((message) => message.to),
  ]);
  el.knownNumbers.replaceChildren(
    ...[...known].map((number) => make('option', { attrs: { value: number } })),
  );
}

function renderPicked() {
  el.attachmentList.replaceChildren(
    ...state.picked.map((item, index) =>
      make('li', {}, [
        item.file.name,
        make('button', {
          text: 'Remove',
          attrs: {
            type: 'button',
            'data-remove': String(index),
            'aria-label': `Remove ${item.file.name}`,
          },
        }),
      ]),
    ),
  );
}

function readBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new ControlError(`could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

function pickImages() {
  hideError(el.phoneError);
  const files = [...(el.attachments.files ?? [])];
  el.attachments.value = '';
  for (const file of files) {
    if (!file.type.startsWith('image/')) {
      showError(el.phoneError, `${file.name} is not an image; MMS here takes images only.`);
      continue;
    }
    if (file.size > MAX_IMAGE_BYTES) {
      showError(
        el.phoneError,
        `${file.name} is larger than 5 MB, Twilio’s limit for an MMS image.`,
      );
      continue;
    }
    if (state.picked.length >= MAX_IMAGES) {
      showError(el.phoneError, `A text carries at most ${MAX_IMAGES} images.`);
      break;
    }
    state.picked.push({ file, url: URL.createObjectURL(file) });
  }
  renderPicked();
}

async function sendText(event) {
  event.preventDefault();
  hideError(el.phoneError);
  const from = customerNumber();
  const to = businessNumber();
  const body = el.message.value;
  if (!E164.test(from)) {
    showError(el.phoneError, 'The customer number must be in E.164 form, like +14155550123.');
    el.customerNumber.focus();
    return;
  }
  if (to === '') {
    showError(
      el.phoneError,
      'There is no business number to text yet (the sandbox is not answering).',
    );
    return;
  }
  if (body.trim() === '' && state.picked.length === 0) {
    showError(el.phoneError, 'Type a message or attach an image first.');
    el.message.focus();
    return;
  }
  const total = state.picked.reduce((sum, item) => sum + item.file.size, 0);
  if (total > MAX_TOTAL_IMAGE_BYTES) {
    showError(el.phoneError, 'These images are too large together for one text (15 MB at most).');
    return;
  }
  el.sendText.disabled = true;
  try {
    const picked = state.picked;
    const media = await Promise.all(
      picked.map(async (item) => ({
        contentType: item.file.type,
        base64: await readBase64(item.file),
      })),
    );
    const answer = await control('POST', `${TWILIO}/inbound`, {
      from,
      to,
      body,
      ...(media.length > 0 ? { media } : {}),
    });
    state.answers.set(answer.messageSid, answer.status);
    if (picked.length > 0)
      state.previews.set(
        answer.messageSid,
        picked.map((item) => item.url),
      );
    state.picked = [];
    renderPicked();
    el.message.value = '';
    if (answer.status !== 200) {
      const detail = firstLine(answer.body);
      showError(
        el.phoneError,
        `The relay refused the text (HTTP ${answer.status})${detail === '' ? '' : `: ${detail}`}`,
      );
    } else {
      state.follow = { sid: answer.messageSid, phone: from, until: Date.now() + FOLLOW_MS };
    }
    el.screen.scrollTop = el.screen.scrollHeight;
    await refresh();
    el.screen.scrollTop = el.screen.scrollHeight;
  } catch (error) {
    showError(el.phoneError, `Could not send the text: ${error.message}`);
  } finally {
    el.sendText.disabled = false;
  }
}

async function setFault() {
  const number = customerNumber();
  if (!E164.test(number)) {
    el.faultState.textContent = 'Set a valid customer number first (E.164, like +14155550123).';
    return;
  }
  try {
    await control('POST', `${TWILIO}/faults`, { number, errorCode: Number(el.faultCode.value) });
    el.faultState.textContent = `Texts to ${number} now fail with error ${el.faultCode.value}.`;
  } catch (error) {
    el.faultState.textContent = `Could not set the fault: ${error.message}`;
  }
}

async function clearFaults() {
  try {
    await control('DELETE', `${TWILIO}/faults`);
    el.faultState.textContent = 'Texts are delivered normally again.';
  } catch (error) {
    el.faultState.textContent = `Could not clear the faults: ${error.message}`;
  }
}

// ---- The helpdesks ----
// Each stand-in's records in the page's words: tickets { id, subject, status (open, pending, solved,
// closed... as a CSS class), statusLabel, priority, tags, requesterId, followUpOf, updatedAt,
// comments: [{ authorId, body, public, kind, createdAt, attachments: [{ name, contentType, size }] }] }.

function zendeskPerson(user) {
  return {
    name: user.name,
    phone: user.phone ?? null,
    phones: user.phone === null || user.phone === undefined ? [] : [user.phone],
    // The relay works as the API token's user, an admin in the stand-in.
    role: user.role === 'admin' ? 'relay' : user.role === 'agent' ? 'agent' : 'end-user',
  };
}

function zendeskTicket(ticket) {
  return {
    id: ticket.id,
    subject: ticket.subject,
    status: ticket.status,
    statusLabel: ticket.status,
    priority: ticket.priority ?? '-',
    tags: ticket.tags,
    requesterId: ticket.requester_id,
    followUpOf: ticket.via_followup_source_id ?? null,
    updatedAt: ticket.updated_at,
    comments: ticket.comments.map((comment) => ({
      authorId: comment.author_id,
      body: comment.body,
      public: comment.public,
      kind: comment.public ? 'Public reply' : 'Internal note',
      createdAt: comment.created_at,
      attachments: comment.attachments.map((a) => ({
        name: a.file_name,
        contentType: a.content_type,
        size: a.size,
      })),
    })),
  };
}

function freshdeskAttachments(list) {
  return list.map((a) => ({ name: a.name, contentType: a.content_type, size: a.size }));
}

function freshdeskKind(conversation) {
  if (conversation.source === FRESHDESK_REPLY_SOURCE) return 'Reply';
  const visibility = conversation.private ? 'Private' : 'Public';
  return conversation.source === FRESHDESK_NOTE_SOURCE ? `${visibility} note` : visibility;
}

/** The description (the customer's first text, freshdesk.md §1.6) first, then notes and replies (§1.9). */
function freshdeskTicket(ticket) {
  const status = FRESHDESK_STATUSES[ticket.status] ?? {
    key: 'other',
    label: `status ${ticket.status}`,
  };
  return {
    id: ticket.id,
    subject: ticket.subject ?? '(no subject)',
    status: status.key,
    statusLabel: status.label,
    priority: FRESHDESK_PRIORITIES[ticket.priority] ?? String(ticket.priority),
    tags: ticket.tags,
    requesterId: ticket.requester_id,
    followUpOf: null,
    updatedAt: ticket.updated_at,
    comments: [
      {
        authorId: ticket.requester_id,
        body: ticket.description_text ?? '',
        public: true,
        kind: 'Description',
        createdAt: ticket.created_at,
        attachments: freshdeskAttachments(ticket.attachments),
      },
      ...ticket.conversations.map((conversation) => ({
        authorId: conversation.user_id,
        body: conversation.body_text,
        public: !conversation.private,
        kind: freshdeskKind(conversation),
        createdAt: conversation.created_at,
        attachments: freshdeskAttachments(conversation.attachments),
      })),
    ],
  };
}

/** What differs between the helpdesks; `state.config.helpdesk` picks one. */
const HELPDESKS = {
  zendesk: {
    name: 'Zendesk',
    words: {
      legend: 'Comment type',
      public: 'Public reply',
      internal: 'Internal note',
      sendPublic: 'Send public reply',
      sendInternal: 'Add internal note',
      solve: 'Mark solved',
      solved: 'solved',
      apiUser: 'the API user',
    },
    /** A closed ticket refuses updates ("Status: closed prevents ticket update", zendesk/account.ts). */
    closedIsFinal: true,
    async load() {
      const [tickets, users] = await Promise.all([
        control('GET', `${ZENDESK}/tickets`),
        control('GET', `${ZENDESK}/users`),
      ]);
      return {
        tickets: tickets.tickets.map(zendeskTicket),
        people: new Map(users.users.map((user) => [user.id, zendeskPerson(user)])),
      };
    },
    reply: (ticketId, body, isPublic) =>
      control('POST', `${ZENDESK}/tickets/${ticketId}/agent-comments`, { body, public: isPublic }),
    setStatus: (ticketId, status) =>
      control('POST', `${ZENDESK}/tickets/${ticketId}/status`, { status }),
  },
  freshdesk: {
    name: 'Freshdesk',
    words: {
      legend: 'Reply or note',
      public: 'Reply',
      internal: 'Private note',
      sendPublic: 'Send reply',
      sendInternal: 'Add private note',
      solve: 'Mark resolved',
      solved: 'resolved',
      apiUser: "the API key's agent",
    },
    // A reply to a closed ticket is accepted (the stand-in's addReply); whether Freshdesk reopens it [unverified].
    closedIsFinal: false,
    async load() {
      const [tickets, contacts, agents] = await Promise.all([
        control('GET', `${FRESHDESK}/tickets`),
        control('GET', `${FRESHDESK}/contacts`),
        control('GET', `${FRESHDESK}/agents`),
      ]);
      const people = new Map();
      for (const contact of contacts.contacts) {
        // `phone` and `mobile` are free text (freshdesk.md §1.8); the relay writes E.164.
        const phones = [contact.phone, contact.mobile].filter((p) => p !== null && p !== '');
        people.set(contact.id, {
          name: contact.name,
          phone: phones[0] ?? null,
          phones,
          role: 'end-user',
        });
      }
      for (const agent of agents.agents) {
        people.set(agent.id, {
          name: agent.name,
          phone: null,
          phones: [],
          role: agent.id === agents.apiAgentId ? 'relay' : 'agent',
        });
      }
      return { tickets: tickets.tickets.map(freshdeskTicket), people };
    },
    // An agent's reply is what the relay texts (its "Reply is sent" rule calls the relay, §2);
    // a note stays on the ticket.
    reply: (ticketId, body, isPublic) =>
      isPublic
        ? control('POST', `${FRESHDESK}/tickets/${ticketId}/agent-replies`, { body })
        : control('POST', `${FRESHDESK}/tickets/${ticketId}/agent-notes`, { body, private: true }),
    setStatus: (ticketId, status) =>
      control('POST', `${FRESHDESK}/tickets/${ticketId}/status`, {
        status: FRESHDESK_STATUS_NUMBERS[status],
      }),
  },
};

function helpdesk() {
  return HELPDESKS[state.config?.helpdesk ?? 'zendesk'];
}

/** Reads what the sandbox plays and names it everywhere on the page. */
async function loadConfig() {
  const config = await control('GET', '/demo/config.json');
  if (config === undefined || !Object.hasOwn(HELPDESKS, config.helpdesk)) {
    throw new ControlError(
      `the sandbox plays a helpdesk this page does not know (${config?.helpdesk})`,
    );
  }
  state.config = config;
  const desk = helpdesk();
  for (const node of document.querySelectorAll('[data-helpdesk-name]')) {
    node.textContent = desk.name;
  }
  el.replyKindLegend.textContent = desk.words.legend;
  el.publicLabel.textContent = desk.words.public;
  el.internalLabel.textContent = desk.words.internal;
  el.solve.textContent = desk.words.solve;
  renderReplyMode();
  state.rendered.ticket = '';
}

// ---- The agent view ----

function personOf(id) {
  return state.people.get(id);
}

const digitsOf = (number) => String(number).replace(/\D/g, '');

function hasPhone(person, e164) {
  return person !== undefined && person.phones.some((p) => digitsOf(p) === digitsOf(e164));
}

function requesterLabel(ticket) {
  const person = personOf(ticket.requesterId);
  if (person === undefined) return `user ${ticket.requesterId}`;
  return person.phone !== null && !person.name.includes(person.phone)
    ? `${person.name} (${person.phone})`
    : person.name;
}

function statusBadge(ticket) {
  return make('span', { className: `status status-${ticket.status}`, text: ticket.statusLabel });
}

function tagList(tags) {
  return make(
    'ul',
    { className: 'tags', attrs: { 'aria-label': 'Tags' } },
    tags.map((tag) => make('li', { text: tag })),
  );
}

/** Tags inside a button, where lists are not allowed. */
function inlineTags(tags) {
  return make(
    'span',
    { className: 'tags' },
    tags.map((tag) => make('span', { text: tag })),
  );
}

function renderTicketList() {
  const tickets = [...state.tickets].sort((a, b) => b.id - a.id);
  const key = JSON.stringify([
    state.selectedTicketId,
    tickets.map((t) => [t.id, t.subject, t.status, t.tags, t.requesterId]),
    tickets.map((t) => requesterLabel(t)),
  ]);
  if (key === state.rendered.tickets) return;
  state.rendered.tickets = key;

  const focused = document.activeElement?.getAttribute?.('data-ticket-id') ?? null;
  el.tickets.replaceChildren(
    ...tickets.map((ticket) => {
      const button = make(
        'button',
        {
          attrs: {
            type: 'button',
            'data-ticket-id': String(ticket.id),
            'aria-current': String(ticket.id === state.selectedTicketId),
          },
        },
        [
          make('span', { className: 'subject', text: `#${ticket.id} ${ticket.subject}` }),
          make('span', { className: 'who' }, [statusBadge(ticket), ` ${requesterLabel(ticket)}`]),
          inlineTags(ticket.tags),
        ],
      );
      return make('li', {}, [button]);
    }),
  );
  el.noTickets.hidden = tickets.length > 0;
  if (focused !== null) {
    el.tickets.querySelector(`[data-ticket-id="${CSS.escape(focused)}"]`)?.focus();
  }
}

function kilobytes(bytes) {
  return Math.max(1, Math.round(bytes / 1024));
}

function authorOf(ticket, comment) {
  const person = personOf(comment.authorId);
  if (comment.authorId === ticket.requesterId) {
    return {
      name: person?.name ?? 'Customer',
      role: 'Customer (requester)',
      className: 'requester',
    };
  }
  if (person?.role === 'agent') return { name: person.name, role: 'Agent', className: 'agent' };
  if (person?.role === 'relay') {
    return {
      name: 'SMS Bridge',
      role: `relay, via ${helpdesk().words.apiUser} ${person.name}`,
      className: 'relay',
    };
  }
  return {
    name: person?.name ?? `user ${comment.authorId}`,
    role: 'End user',
    className: 'requester',
  };
}

function renderTicket() {
  const ticket = state.tickets.find((t) => t.id === state.selectedTicketId);
  const key = JSON.stringify([ticket, ticket === undefined ? '' : requesterLabel(ticket)]);
  if (key === state.rendered.ticket) return;
  state.rendered.ticket = key;
  el.ticket.hidden = ticket === undefined;
  if (ticket === undefined) return;

  el.ticketTitle.textContent = `#${ticket.id} ${ticket.subject}`;
  const harness = state.config?.appHarness ?? null;
  el.openAppHint.hidden = harness === null;
  if (harness !== null) el.openApp.href = `${harness}?ticket=${ticket.id}`;
  const meta = [
    ['Status', statusBadge(ticket)],
    ['Requester', requesterLabel(ticket)],
    ['Priority', ticket.priority],
    ['Tags', ticket.tags.length === 0 ? 'none' : tagList(ticket.tags)],
  ];
  if (ticket.followUpOf !== null) meta.push(['Follow-up of', `#${ticket.followUpOf}`]);
  el.ticketMeta.replaceChildren(
    ...meta.flatMap(([term, value]) => [make('dt', { text: term }), make('dd', {}, [value])]),
  );

  const nearBottom =
    el.comments.scrollHeight - el.comments.scrollTop - el.comments.clientHeight < 60;
  el.comments.replaceChildren(
    ...ticket.comments.map((comment) => {
      const author = authorOf(ticket, comment);
      const visibility = comment.public ? 'public' : 'internal';
      const attachments =
        comment.attachments.length === 0
          ? null
          : make(
              'ul',
              { className: 'attachments', attrs: { 'aria-label': 'Attachments' } },
              comment.attachments.map((a) =>
                make('li', {
                  text: `📎 ${a.name} (${a.contentType}, ${kilobytes(a.size)} KB)`,
                }),
              ),
            );
      return make('li', { className: `comment ${visibility} ${author.className}` }, [
        make('header', {}, [
          make('span', { className: 'author', text: author.name }),
          make('span', { className: 'role', text: author.role }),
          timeElement(comment.createdAt),
          make('span', { className: 'kind', text: comment.kind }),
        ]),
        make('p', { className: 'body', text: comment.body }),
        attachments,
      ]);
    }),
  );
  if (nearBottom) el.comments.scrollTop = el.comments.scrollHeight;

  const closed = ticket.status === 'closed';
  // Only Zendesk locks a closed ticket; Freshdesk agents may still reply to one.
  const locked = closed && helpdesk().closedIsFinal;
  el.closedHint.hidden = !locked;
  el.replyBody.disabled = locked;
  el.replySubmit.disabled = locked;
  el.solve.disabled = closed || ticket.status === 'solved';
  el.close.disabled = closed;
}

function visibility() {
  return el.reply.querySelector('input[name="visibility"]:checked')?.value ?? 'public';
}

function renderReplyMode() {
  const internal = visibility() === 'internal';
  const words = helpdesk().words;
  el.reply.classList.toggle('internal', internal);
  el.replySubmit.textContent = internal ? words.sendInternal : words.sendPublic;
}

async function sendReply(event) {
  event.preventDefault();
  hideError(el.agentError);
  const ticketId = state.selectedTicketId;
  const body = el.replyBody.value;
  if (ticketId === undefined) return;
  if (body.trim() === '') {
    showError(el.agentError, 'Write a reply first.');
    el.replyBody.focus();
    return;
  }
  el.replySubmit.disabled = true;
  try {
    await helpdesk().reply(ticketId, body, visibility() === 'public');
    el.replyBody.value = '';
    await refresh();
    el.comments.scrollTop = el.comments.scrollHeight;
  } catch (error) {
    showError(el.agentError, `Could not add the comment: ${error.message}`);
  } finally {
    renderTicket();
    el.replySubmit.disabled = el.replyBody.disabled;
  }
}

async function setStatus(status) {
  hideError(el.agentError);
  const ticketId = state.selectedTicketId;
  if (ticketId === undefined) return;
  const words = status === 'solved' ? helpdesk().words.solved : status;
  try {
    await helpdesk().setStatus(ticketId, status);
    announce(`Ticket #${ticketId} is now ${words}.`);
    await refresh();
  } catch (error) {
    showError(el.agentError, `Could not mark the ticket ${words}: ${error.message}`);
  }
}

// ---- Polling ----

function followTicket() {
  const follow = state.follow;
  if (follow === undefined) return;
  if (Date.now() > follow.until) {
    state.follow = undefined;
    return;
  }
  const sentAt = state.inbound.find((text) => text.sid === follow.sid)?.createdAt;
  if (sentAt === undefined) return;
  const match = [...state.tickets]
    .sort((a, b) => b.id - a.id)
    .find(
      (ticket) =>
        hasPhone(personOf(ticket.requesterId), follow.phone) &&
        Date.parse(ticket.updatedAt) >= Date.parse(sentAt),
    );
  if (match !== undefined) {
    state.selectedTicketId = match.id;
    state.follow = undefined;
  }
}

function announceNews() {
  if (!state.polledOnce) {
    for (const message of state.outbox) state.seenOutbox.add(message.sid);
    for (const ticket of state.tickets) state.seenTickets.add(ticket.id);
    return;
  }
  for (const message of state.outbox) {
    if (state.seenOutbox.has(message.sid)) continue;
    state.seenOutbox.add(message.sid);
    if (message.to === customerNumber()) announce(`New text on the phone: ${message.body}`);
  }
  for (const ticket of state.tickets) {
    if (state.seenTickets.has(ticket.id)) continue;
    state.seenTickets.add(ticket.id);
    announce(`New ticket #${ticket.id}: ${ticket.subject}`);
  }
}

async function refresh() {
  if (state.config === undefined) await loadConfig();
  const [inbound, messages, desk] = await Promise.all([
    control('GET', `${TWILIO}/inbound`),
    control('GET', `${TWILIO}/messages`),
    helpdesk().load(),
  ]);
  state.inbound = inbound.messages;
  state.outbox = messages.messages;
  state.tickets = desk.tickets;
  state.people = desk.people;
  announceNews();
  state.polledOnce = true;

  followTicket();
  if (!state.tickets.some((ticket) => ticket.id === state.selectedTicketId)) {
    state.selectedTicketId = [...state.tickets].sort((a, b) => b.id - a.id)[0]?.id;
  }
  renderPhone();
  renderTicketList();
  renderTicket();
}

async function loadNumbers() {
  const { numbers } = await control('GET', `${TWILIO}/numbers`);
  el.businessNumber.replaceChildren(
    ...numbers.map(({ number }) => make('option', { text: number, attrs: { value: number } })),
  );
}

async function poll() {
  try {
    if (el.businessNumber.options.length === 0) await loadNumbers();
    await refresh();
    setConnection(true);
  } catch (error) {
    setConnection(false, error instanceof ControlError ? error.message : String(error));
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

// ---- Wiring ----

el.compose.addEventListener('submit', sendText);
el.message.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    el.compose.requestSubmit();
  }
});
el.attachments.addEventListener('change', pickImages);
el.attachmentList.addEventListener('click', (event) => {
  const index = event.target?.getAttribute?.('data-remove');
  if (index === null || index === undefined) return;
  const [removed] = state.picked.splice(Number(index), 1);
  if (removed !== undefined) URL.revokeObjectURL(removed.url);
  renderPicked();
  el.attachments.focus();
});
for (const chip of document.querySelectorAll('[data-fill]')) {
  chip.addEventListener('click', () => {
    el.message.value = chip.getAttribute('data-fill') ?? '';
    el.message.focus();
  });
}
el.customerNumber.addEventListener('input', renderPhone);
el.businessNumber.addEventListener('change', renderPhone);
el.faultSet.addEventListener('click', setFault);
el.faultClear.addEventListener('click', clearFaults);

el.tickets.addEventListener('click', (event) => {
  const button = event.target?.closest?.('[data-ticket-id]');
  if (button === null || button === undefined) return;
  state.selectedTicketId = Number(button.getAttribute('data-ticket-id'));
  hideError(el.agentError);
  renderTicketList();
  renderTicket();
});
el.reply.addEventListener('submit', sendReply);
el.reply.addEventListener('change', renderReplyMode);
el.replyBody.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    el.reply.requestSubmit();
  }
});
el.solve.addEventListener('click', () => setStatus('solved'));
el.close.addEventListener('click', () => setStatus('closed'));

renderReplyMode();
void poll();
