// The harness page's script: plays Zendesk's agent workspace for one ticket around the app's ticket_sidebar iframe.
/* global document, location, window, DOMParser */
import { createZafHost } from '/_harness/zendesk/protocol.js';
import {
  appendLog,
  handleReplyForm,
  logSoFar,
  mountAppFrame,
  now,
  postJson,
  removeAppFrame,
  renderTicketHeader,
  renderThread,
  runTicketPage,
} from '/_harness/zendesk/agent-page.js';

const BASE = '/_harness/zendesk';
const COMMENT_TYPES = ['publicReply', 'internalNote'];

const el = {
  composer: document.getElementById('composer'),
  saveStatus: document.getElementById('save-status'),
  reload: document.getElementById('reload-app'),
};

/** The last answer of /api/tickets/:id: ZAF data, comments, app installation. */
let snapshot;
let host;
let iframe;
const timings = { iframeStart: 0, handshake: 0, firstResize: 0 };

/** What tests and the bench read (and the console, for the curious). */
window.zafHarness = {
  get registered() {
    return host?.registered ?? false;
  },
  subscriptions: () => host?.subscriptions() ?? {},
  log: logSoFar,
  timings,
  mountApp: (path) => mountApp(path),
  destroyApp: () => destroyApp(),
  trigger: (event, data) => host?.trigger(event, data) ?? false,
};

// --- The workspace the protocol talks to -------------------------------------------------------

function commentType() {
  return document.querySelector('input[name="comment-type"]:checked')?.value ?? 'publicReply';
}

function setComposer(text) {
  el.composer.value = text;
  // Zendesk's editor changes, so the event fires as for typing [unverified for programmatic sets].
  host?.trigger('comment.text.changed', text);
}

function textOfHtml(html) {
  return new DOMParser().parseFromString(String(html), 'text/html').body.textContent ?? '';
}

/** `get` paths walk ZAF's data model: `ticket.requester.name`, `ticket.customField:custom_field_7`. */
function resolvePath(path) {
  if (path === 'comment.text') return { value: el.composer.value };
  if (path === 'comment.type') return { value: commentType() };
  let value = snapshot?.data;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object' || !(segment in value)) return undefined;
    value = value[segment];
  }
  return { value };
}

const workspace = {
  get: resolvePath,
  set(path, value) {
    if (path === 'comment.text') {
      setComposer(typeof value === 'string' ? value : String(value ?? ''));
      return undefined;
    }
    if (path === 'comment.type') {
      if (!COMMENT_TYPES.includes(value))
        return `comment.type must be ${COMMENT_TYPES.join(' or ')}`;
      document.querySelector(`input[name="comment-type"][value="${value}"]`).checked = true;
      host?.trigger('comment.type.changed', value);
      return undefined;
    }
    return `"${path}" cannot be set in this harness`;
  },
  invoke(name, args) {
    switch (name) {
      case 'resize': {
        // `client.invoke('resize', { width, height })` (zendesk.md §4.3).
        const size = args[0] ?? {};
        if (iframe !== undefined) {
          if (typeof size.height === 'string' || typeof size.height === 'number') {
            iframe.style.height =
              typeof size.height === 'number' ? `${size.height}px` : size.height;
          }
          if (timings.firstResize === 0) timings.firstResize = now();
        }
        return undefined;
      }
      case 'comment.appendText':
      case 'ticket.comment.appendText':
        setComposer(`${el.composer.value}${String(args[0] ?? '')}`);
        return undefined;
      case 'comment.appendHtml':
      case 'ticket.comment.appendHtml':
        setComposer(`${el.composer.value}${textOfHtml(args[0] ?? '')}`);
        return undefined;
      case 'notify':
        el.saveStatus.textContent = String(args[0] ?? '');
        return undefined;
      default:
        return `"${name}" is not an action this harness plays`;
    }
  },
  async request(options) {
    if (options.cors === true && options.secure !== true) {
      // A CORS request goes from the browser itself, without the proxy (zendesk.md §4.5).
      const response = await fetch(options.url, {
        method: options.type ?? 'GET',
        headers: options.headers ?? {},
      });
      return {
        status: response.status,
        statusText: response.statusText,
        responseText: await response.text(),
        contentType: response.headers.get('content-type') ?? '',
      };
    }
    const response = await fetch(`${BASE}/api/proxy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ options }),
    });
    if (!response.ok) throw new Error(`the harness proxy answered ${response.status}`);
    return response.json();
  },
};

// --- The app iframe ----------------------------------------------------------------------------

function registration() {
  const { app, data } = snapshot;
  return {
    metadata: app.metadata,
    context: {
      product: 'support',
      location: 'ticket_sidebar',
      ticketId: data.ticket.id,
      instanceGuid: iframe?.dataset.appGuid,
      account: { subdomain: data.currentAccount.subdomain },
    },
  };
}

/** Loads the app's location URL (or `path`, for the bench's baseline) with ZAF's query parameters. */
function mountApp(path) {
  const { app } = snapshot;
  const appGuid = crypto.randomUUID();
  const frame = document.createElement('iframe');
  frame.title = `${app.name} app`;
  frame.dataset.appGuid = appGuid;
  host = createZafHost({
    appGuid,
    post: (message) => frame.contentWindow?.postMessage(message, app.origin),
    workspace,
    registration,
    log: appendLog,
    onChange: () => {
      if (host.registered && timings.handshake === 0) timings.handshake = now();
    },
  });
  // The SDK finds its host in `origin` and `app_guid` (SDK lib/index.js ZAFClient.init).
  const src = new URL(path ?? app.locationUrl, `${app.origin}/`);
  src.searchParams.set('origin', location.origin);
  src.searchParams.set('app_guid', appGuid);
  timings.iframeStart = now();
  timings.handshake = 0;
  timings.firstResize = 0;
  iframe = frame;
  mountAppFrame(frame, src, app.origin, (data) => host.receive(data));
}

/** `app.willDestroy`, then the frame goes (the agent closed the ticket tab or reloaded the app). */
async function destroyApp() {
  if (iframe === undefined) return;
  host?.trigger('app.willDestroy');
  await new Promise((resolve) => window.setTimeout(resolve, 100));
  removeAppFrame();
  iframe = undefined;
}

// --- The ticket view -----------------------------------------------------------------------------

function renderTicket() {
  const { data, comments, customFieldTitles } = snapshot;
  const { ticket } = data;
  const rows = [
    [
      'Requester',
      ticket.requester ? `${ticket.requester.name} ${ticket.requester.phone ?? ''}` : '—',
    ],
    ['Status', ticket.status],
    ['Tags', ticket.tags.join(' ') || '—'],
  ];
  for (const [key, value] of Object.entries(ticket)) {
    const match = /^customField:custom_field_(\d+)$/.exec(key);
    if (match && value !== null && value !== undefined) {
      rows.push([customFieldTitles[match[1]] ?? `Field ${match[1]}`, String(value)]);
    }
  }
  renderTicketHeader(`#${ticket.id} ${ticket.subject}`, rows);
  renderThread(
    comments.map((comment) => ({
      who: `${comment.author}${comment.public ? '' : ' (internal note)'} · ${new Date(comment.createdAt).toLocaleString()}`,
      text: comment.body,
      className: comment.public ? undefined : 'note',
    })),
  );
}

function show(next) {
  const previous = snapshot;
  snapshot = next;
  if (
    JSON.stringify(previous?.data) !== JSON.stringify(next.data) ||
    previous?.comments.length !== next.comments.length
  ) {
    renderTicket();
  }
  if (previous !== undefined) {
    // Ticket field change events (zendesk.md §4.4: ticket.<field>.changed [secondary]).
    if (previous.data.ticket.status !== next.data.ticket.status) {
      host?.trigger('ticket.status.changed', next.data.ticket.status);
    }
    if (JSON.stringify(previous.data.ticket.tags) !== JSON.stringify(next.data.ticket.tags)) {
      host?.trigger('ticket.tags.changed', next.data.ticket.tags);
    }
  }
}

el.composer.addEventListener('input', () =>
  host?.trigger('comment.text.changed', el.composer.value),
);
for (const radio of document.querySelectorAll('input[name="comment-type"]')) {
  radio.addEventListener('change', () => host?.trigger('comment.type.changed', commentType()));
}

handleReplyForm(
  {
    form: 'composer-form',
    editor: 'composer',
    error: 'save-error',
    status: 'save-status',
    button: 'submit',
  },
  async (text, showStatus) => {
    showStatus('Checking with the apps…');
    // The save hook: any app's rejection stops the update and shows its message (zendesk.md §4.4).
    const outcome = await host.runHook('ticket.save', snapshot.app.saveHookTimeoutMs);
    if (!outcome.allowed) throw new Error(outcome.message);
    try {
      await postJson(
        `${BASE}/api/tickets/${snapshot.data.ticket.id}/comments`,
        { body: text, public: commentType() === 'publicReply' },
        'the update failed',
      );
      setComposer('');
      showStatus('Saved.');
      // After a successful update [unverified event names; zendesk.md §4.4].
      host.trigger('ticket.saved');
      host.trigger('ticket.submit.done');
      await page.refresh();
      return 'Saved.';
    } catch (error) {
      host?.trigger('ticket.submit.fail');
      throw error;
    }
  },
);

el.reload.addEventListener('click', async () => {
  await destroyApp();
  mountApp();
});
window.addEventListener('pagehide', () => host?.trigger('app.willDestroy'));

const page = runTicketPage({
  base: BASE,
  show,
  mountApp: () => mountApp(),
  noTicketsMessage: 'No tickets yet: text the business number from the demo page first.',
  noLocationMessage: 'The app has no ticket_sidebar location in its manifest.',
});
