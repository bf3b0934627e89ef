// The harness page's script: plays Freshdesk's ticket view for one ticket around the app's ticket_sidebar iframe.
/* global document, location, window */
import { createFreshworksHost } from '/_harness/freshdesk/protocol.js';

const BASE = '/_harness/freshdesk';
const POLL_MS = 1000;
const LOG_LIMIT = 300;
const NOTIFY_TYPES = ['success', 'info', 'warning', 'danger', 'alert'];

const el = {
  picker: document.getElementById('ticket-picker'),
  pageError: document.getElementById('page-error'),
  notifications: document.getElementById('notifications'),
  workspace: document.getElementById('workspace'),
  title: document.getElementById('ticket-title'),
  meta: document.getElementById('ticket-meta'),
  conversations: document.getElementById('conversations'),
  form: document.getElementById('reply-form'),
  editor: document.getElementById('reply-editor'),
  replyError: document.getElementById('reply-error'),
  replyStatus: document.getElementById('reply-status'),
  sendReply: document.getElementById('send-reply'),
  holder: document.getElementById('app-frame-holder'),
  reload: document.getElementById('reload-app'),
  log: document.getElementById('protocol-log'),
};

const ticketParam = new URLSearchParams(location.search).get('ticket');
/** The last answer of /api/tickets/:id: the client's data, the conversation, the installation. */
let snapshot;
let host;
let iframe;
let instanceId;
let activated = false;
const logEntries = [];
const shownNotifications = [];

/** What tests read (and the console, for the curious). */
window.fdHarness = {
  get initialized() {
    return host?.initialized ?? false;
  },
  subscriptions: () => host?.subscriptions() ?? {},
  log: () => logEntries.slice(),
  notifications: () => shownNotifications.slice(),
  trigger: (event, data) => host?.trigger(event, data) ?? false,
  mountApp: () => mountApp(),
};

function showPageError(message) {
  el.pageError.textContent = message;
  el.pageError.hidden = false;
}

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error ?? `${path} answered ${response.status}`);
  return body;
}

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

function appendLog(entry) {
  logEntries.push({ at: Date.now(), ...entry });
  if (logEntries.length > LOG_LIMIT) logEntries.shift();
  const item = document.createElement('li');
  item.textContent = `${entry.direction === 'in' ? '←' : '→'} ${JSON.stringify(entry.message).slice(0, 400)}`;
  el.log.append(item);
  while (el.log.childElementCount > LOG_LIMIT) el.log.firstElementChild.remove();
}

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
  frame.src = src.href;
  iframe = frame;
  el.holder.replaceChildren(frame);
}

window.addEventListener('message', (event) => {
  // Only the app frame, from the app's origin.
  if (iframe === undefined || event.source !== iframe.contentWindow) return;
  if (event.origin !== snapshot.app.origin) return;
  host.receive(event.data);
});

// --- The ticket view ------------------------------------------------------------------------------

const STATUSES = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' };

function renderTicket() {
  const { ticket, contact } = snapshot.data;
  el.title.textContent = `#${ticket.id} ${ticket.subject ?? ''}`;
  const rows = [
    ['Requester', contact ? `${contact.name} ${contact.mobile ?? contact.phone ?? ''}` : '—'],
    ['Status', STATUSES[ticket.status] ?? String(ticket.status)],
    ['Tags', ticket.tags.join(' ') || '—'],
  ];
  for (const [name, value] of Object.entries(ticket.custom_fields ?? {})) {
    if (value !== null && value !== undefined) rows.push([name, String(value)]);
  }
  el.meta.replaceChildren(
    ...rows.flatMap(([term, detail]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = detail;
      return [dt, dd];
    }),
  );
  const description = document.createElement('li');
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = `${contact?.name ?? 'Requester'} · description`;
  description.append(who, document.createTextNode(ticket.description_text ?? ''));
  el.conversations.replaceChildren(
    description,
    ...snapshot.conversations.map((conversation) => {
      const item = document.createElement('li');
      item.dataset.testid = 'conversation';
      if (conversation.note) item.className = conversation.private ? 'private' : 'public-note';
      const author = document.createElement('span');
      author.className = 'who';
      const kind = conversation.note
        ? conversation.private
          ? ' (private note)'
          : ' (public note)'
        : '';
      author.textContent = `${conversation.author}${kind} · ${new Date(conversation.createdAt).toLocaleString()}`;
      item.append(author, document.createTextNode(conversation.text));
      return item;
    }),
  );
  el.conversations.scrollTop = el.conversations.scrollHeight;
}

async function refresh() {
  const next = await getJson(`${BASE}/api/tickets/${encodeURIComponent(ticketParam)}`);
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

async function loadPicker() {
  const { tickets } = await getJson(`${BASE}/api/tickets`);
  el.picker.replaceChildren(
    ...tickets.map((ticket) => {
      const option = document.createElement('option');
      option.value = String(ticket.id);
      option.textContent = `#${ticket.id} ${ticket.subject ?? ''}`;
      option.selected = String(ticket.id) === ticketParam;
      return option;
    }),
  );
  return tickets;
}

el.picker.addEventListener('change', () => {
  location.search = `?ticket=${encodeURIComponent(el.picker.value)}`;
});

el.form.addEventListener('submit', (event) => {
  event.preventDefault();
  void sendReply();
});

async function sendReply() {
  const text = el.editor.value;
  el.replyError.hidden = true;
  if (text.trim() === '') {
    el.replyError.textContent = 'Type a reply first.';
    el.replyError.hidden = false;
    return;
  }
  el.sendReply.disabled = true;
  // Intercepting apps are asked first (freshdesk.md §3.10); this harness plays none.
  host?.trigger('ticket.sendReply');
  try {
    const response = await fetch(`${BASE}/api/tickets/${snapshot.data.ticket.id}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: text }),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error(body.error ?? `the reply failed (${response.status})`);
    }
    el.editor.value = '';
    el.replyStatus.textContent = 'Reply sent.';
    await refresh();
  } catch (error) {
    el.replyError.textContent = error instanceof Error ? error.message : String(error);
    el.replyError.hidden = false;
  } finally {
    el.sendReply.disabled = false;
  }
}

el.reload.addEventListener('click', () => mountApp());

async function start() {
  try {
    const tickets = await loadPicker();
    if (ticketParam === null) {
      const latest = tickets.at(-1);
      if (latest === undefined) {
        showPageError('No tickets yet: text the business number first.');
        return;
      }
      location.search = `?ticket=${latest.id}`;
      return;
    }
    await refresh();
  } catch (error) {
    showPageError(error instanceof Error ? error.message : String(error));
    return;
  }
  el.workspace.hidden = false;
  if (snapshot.app.locationUrl === null) {
    showPageError('The app has no support_ticket ticket_sidebar location in its manifest.');
  } else {
    mountApp();
  }
  window.setInterval(() => {
    refresh().catch((error) => showPageError(`Could not refresh the ticket: ${error.message}`));
  }, POLL_MS);
}

void start();
