// The harness page's script: plays Freshdesk's ticket view for one ticket around the app's ticket_sidebar iframe.
/* global document, location, window */
import { createFreshworksHost } from '/_harness/freshdesk/protocol.js';
import {
  appendLog,
  handleReplyForm,
  logSoFar,
  mountAppFrame,
  postJson,
  renderTicketHeader,
  renderThread,
  runTicketPage,
} from '/_harness/freshdesk/agent-page.js';

const BASE = '/_harness/freshdesk';
const NOTIFY_TYPES = ['success', 'info', 'warning', 'danger', 'alert'];

const el = {
  notifications: document.getElementById('notifications'),
  editor: document.getElementById('reply-editor'),
  reload: document.getElementById('reload-app'),
};

/** The last answer of /api/tickets/:id: the client's data, the conversation, the installation. */
let snapshot;
let host;
let iframe;
let instanceId;
let activated = false;
const shownNotifications = [];

/** What tests read (and the console, for the curious). */
window.fdHarness = {
  get initialized() {
    return host?.initialized ?? false;
  },
  subscriptions: () => host?.subscriptions() ?? {},
  log: logSoFar,
  notifications: () => shownNotifications.slice(),
  trigger: (event, data) => host?.trigger(event, data) ?? false,
  mountApp: () => mountApp(),
};

// --- What the app's client calls ----------------------------------------------------------------

/** `setValue` into the reply editor: at the cursor, or replacing, or at the end (freshdesk.md §3.10). */
function setEditorValue(options) {
  const text = String(options.text ?? '');
  const editor = el.editor;
  if (options.replace === true) {
    editor.value = text;
  } else if (options.position === 'end') {
    editor.value = `${editor.value}${text}`;
  } else {
    const start = editor.selectionStart ?? editor.value.length;
    const end = editor.selectionEnd ?? start;
    editor.value = `${editor.value.slice(0, start)}${text}${editor.value.slice(end)}`;
  }
  editor.dispatchEvent(new Event('input', { bubbles: true }));
}

function showNotify(options) {
  const item = document.createElement('li');
  item.className = options.type;
  item.textContent = [options.title, options.message].filter(Boolean).join(': ');
  el.notifications.append(item);
  shownNotifications.push({
    type: options.type,
    title: options.title ?? '',
    message: options.message ?? '',
  });
  window.setTimeout(() => item.remove(), 6000);
}

const workspace = {
  data(name) {
    const data = snapshot?.data ?? {};
    return name in data ? { value: { [name]: data[name] } } : undefined;
  },
  iparams: () => snapshot?.app.iparams ?? {},
  context: () => ({
    instanceId,
    location: 'ticket_sidebar',
    product: 'freshdesk',
    modules: ['support_ticket'],
  }),
  trigger(action, options) {
    const settings = options !== null && typeof options === 'object' ? options : {};
    switch (action) {
      case 'setValue':
        // Ticket properties (status, priority, cf_*) are not played by this harness.
        if (settings.id !== 'editor')
          return `setValue on "${String(settings.id)}" is not played by this harness`;
        setEditorValue(settings);
        return undefined;
      case 'click':
        // Opens the reply (or note) editor with text (freshdesk.md §3.10).
        if (settings.id !== 'reply' && settings.id !== 'note')
          return `click on "${String(settings.id)}" is not played by this harness`;
        el.editor.focus();
        if (settings.text !== undefined) setEditorValue({ text: settings.text, replace: true });
        return undefined;
      case 'showNotify':
        if (!NOTIFY_TYPES.includes(settings.type))
          return `showNotify needs a type: ${NOTIFY_TYPES.join(', ')}`;
        showNotify(settings);
        return undefined;
      default:
        return `interface action "${action}" is not played by this harness`;
    }
  },
  resize(height) {
    if (iframe !== undefined) iframe.style.height = `${height}px`;
  },
  async invokeTemplate(name, options) {
    // Rendered on the server, where the secure iparams are (freshdesk.md §3.4, §3.5).
    const response = await fetch(`${BASE}/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, options }),
    });
    if (!response.ok) throw new Error(`the harness answered ${response.status}`);
    return response.json();
  },
};

// --- The app iframe -------------------------------------------------------------------------------

function mountApp() {
  const { app } = snapshot;
  instanceId = crypto.randomUUID();
  activated = false;
  const frame = document.createElement('iframe');
  frame.title = 'SMS Bridge app';
  host = createFreshworksHost({
    instance: instanceId,
    post: (message) => frame.contentWindow?.postMessage(message, app.origin),
    workspace,
    log: appendLog,
    onChange: () => {
      // The sidebar is open: the app hears app.activated once it listens (freshdesk.md §3.10).
      if (!activated && host.trigger('app.activated')) activated = true;
    },
  });
  const src = new URL(app.locationUrl, `${app.origin}/`);
  src.searchParams.set('fw_origin', location.origin);
  src.searchParams.set('fw_instance', instanceId);
  iframe = frame;
  mountAppFrame(frame, src, app.origin, (data) => host.receive(data));
}

// --- The ticket view ------------------------------------------------------------------------------

const STATUSES = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' };

function renderTicket() {
  const { ticket, contact } = snapshot.data;
  const rows = [
    ['Requester', contact ? `${contact.name} ${contact.mobile ?? contact.phone ?? ''}` : '—'],
    ['Status', STATUSES[ticket.status] ?? String(ticket.status)],
    ['Tags', ticket.tags.join(' ') || '—'],
  ];
  for (const [name, value] of Object.entries(ticket.custom_fields ?? {})) {
    if (value !== null && value !== undefined) rows.push([name, String(value)]);
  }
  renderTicketHeader(`#${ticket.id} ${ticket.subject ?? ''}`, rows);
  const kind = (conversation) =>
    conversation.note ? (conversation.private ? ' (private note)' : ' (public note)') : '';
  renderThread([
    { who: `${contact?.name ?? 'Requester'} · description`, text: ticket.description_text ?? '' },
    ...snapshot.conversations.map((conversation) => ({
      who: `${conversation.author}${kind(conversation)} · ${new Date(conversation.createdAt).toLocaleString()}`,
      text: conversation.text,
      className: conversation.note ? (conversation.private ? 'private' : 'public-note') : undefined,
    })),
  ]);
}

function show(next) {
  const previous = snapshot;
  snapshot = next;
  if (
    JSON.stringify(previous?.data) !== JSON.stringify(next.data) ||
    JSON.stringify(previous?.conversations) !== JSON.stringify(next.conversations)
  ) {
    renderTicket();
  }
  if (previous !== undefined) {
    // Change events carry { old, new } (freshdesk.md §3.10).
    if (previous.data.ticket.status !== next.data.ticket.status) {
      host?.trigger('ticket.statusChanged', {
        old: previous.data.ticket.status,
        new: next.data.ticket.status,
      });
    }
    if (previous.data.ticket.priority !== next.data.ticket.priority) {
      host?.trigger('ticket.priorityChanged', {
        old: previous.data.ticket.priority,
        new: next.data.ticket.priority,
      });
    }
  }
}

handleReplyForm(
  {
    form: 'reply-form',
    editor: 'reply-editor',
    error: 'reply-error',
    status: 'reply-status',
    button: 'send-reply',
  },
  async (text) => {
    // Intercepting apps are asked first (freshdesk.md §3.10); this harness plays none.
    host?.trigger('ticket.sendReply');
    await postJson(
      `${BASE}/api/tickets/${snapshot.data.ticket.id}/replies`,
      { body: text },
      'the reply failed',
    );
    el.editor.value = '';
    await page.refresh();
    return 'Reply sent.';
  },
);

el.reload.addEventListener('click', () => mountApp());

const page = runTicketPage({
  base: BASE,
  show,
  mountApp,
  noTicketsMessage: 'No tickets yet: text the business number first.',
  noLocationMessage: 'The app has no support_ticket ticket_sidebar location in its manifest.',
});
