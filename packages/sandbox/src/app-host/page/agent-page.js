// What both host pages' scripts share: the ticket picker and polling, the ticket's details, the reply form, the protocol log and the app frame's messages.
/* global document, location, window */

const POLL_MS = 1000;
const LOG_LIMIT = 300;

/** The ticket the page shows (`?ticket=<id>`), or null: the page then opens the newest. */
export const ticketParam = new URLSearchParams(location.search).get('ticket');

/** Milliseconds since the epoch, with the precision of `performance.now()`. */
export function now() {
  return performance.timeOrigin + performance.now();
}

export function showPageError(message) {
  const pageError = document.getElementById('page-error');
  pageError.textContent = message;
  pageError.hidden = false;
}

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error ?? `${path} answered ${response.status}`);
  return body;
}

/** POSTs `body` as JSON; a failure throws the server's `error`, or `<failure> (<status>)`. */
export async function postJson(path, body, failure) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error ?? `${failure} (${response.status})`);
  return answer;
}

// --- The protocol log -----------------------------------------------------------------------

const logEntries = [];

/** Every message between the page and the app frame, for `window.*Harness.log()` and the page's log. */
export function appendLog(entry) {
  logEntries.push({ at: now(), ...entry });
  if (logEntries.length > LOG_LIMIT) logEntries.shift();
  const log = document.getElementById('protocol-log');
  const item = document.createElement('li');
  item.textContent = `${entry.direction === 'in' ? '←' : '→'} ${JSON.stringify(entry.message).slice(0, 400)}`;
  log.append(item);
  while (log.childElementCount > LOG_LIMIT) log.firstElementChild.remove();
}

export function logSoFar() {
  return logEntries.slice();
}

// --- The app frame --------------------------------------------------------------------------

let mounted;

/**
 * Shows `frame` in the sidebar, loading `src`; from then on messages from that frame, and only
 * those from `origin`, go to `receive`.
 */
export function mountAppFrame(frame, src, origin, receive) {
  frame.src = src.href;
  mounted = { frame, origin, receive };
  document.getElementById('app-frame-holder').replaceChildren(frame);
}

/** Removes the app frame; its messages are no longer heard. */
export function removeAppFrame() {
  mounted?.frame.remove();
  mounted = undefined;
}

window.addEventListener('message', (event) => {
  // Only the app frame, from the app's origin (the helpdesks' clients check the same the other way round).
  if (mounted === undefined || event.source !== mounted.frame.contentWindow) return;
  if (event.origin !== mounted.origin) return;
  mounted.receive(event.data);
});

// --- The ticket view ------------------------------------------------------------------------

/** The ticket's title and its details as term/value rows. */
export function renderTicketHeader(title, rows) {
  document.getElementById('ticket-title').textContent = title;
  document.getElementById('ticket-meta').replaceChildren(
    ...rows.flatMap(([term, detail]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = detail;
      return [dt, dd];
    }),
  );
}

/** The conversation, oldest first, scrolled to the newest: items of `{ who, text, className? }`. */
export function renderThread(items) {
  const thread = document.getElementById('thread');
  thread.replaceChildren(
    ...items.map(({ who, text, className }) => {
      const item = document.createElement('li');
      item.dataset.testid = 'conversation';
      if (className) item.className = className;
      const author = document.createElement('span');
      author.className = 'who';
      author.textContent = who;
      item.append(author, document.createTextNode(text));
      return item;
    }),
  );
  thread.scrollTop = thread.scrollHeight;
}

/**
 * The reply form under the conversation. An empty reply is refused on the spot; otherwise
 * `send(text, showStatus)` runs with the button disabled, and the status it resolves with (or
 * the message of what it throws) is shown.
 */
export function handleReplyForm({ form, editor, error, status, button }, send) {
  const show = (id) => document.getElementById(id);
  show(form).addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  async function submit() {
    const text = show(editor).value;
    show(error).hidden = true;
    if (text.trim() === '') {
      show(error).textContent = 'Type a reply first.';
      show(error).hidden = false;
      return;
    }
    show(button).disabled = true;
    try {
      show(status).textContent = await send(text, (message) => {
        show(status).textContent = message;
      });
    } catch (failure) {
      show(status).textContent = '';
      show(error).textContent = failure instanceof Error ? failure.message : String(failure);
      show(error).hidden = false;
    } finally {
      show(button).disabled = false;
    }
  }
}

// --- The page's life ------------------------------------------------------------------------

async function loadPicker(base) {
  const { tickets } = await getJson(`${base}/api/tickets`);
  const picker = document.getElementById('ticket-picker');
  picker.replaceChildren(
    ...tickets.map((ticket) => {
      const option = document.createElement('option');
      option.value = String(ticket.id);
      option.textContent = `#${ticket.id} ${ticket.subject ?? ''}`;
      option.selected = String(ticket.id) === ticketParam;
      return option;
    }),
  );
  picker.addEventListener('change', () => {
    location.search = `?ticket=${encodeURIComponent(picker.value)}`;
  });
  return tickets;
}

/**
 * Runs the page: fills the ticket picker, opens the `?ticket=` one (the newest when none is
 * named), mounts the app once the ticket is shown, then polls the ticket every second.
 * `show(snapshot)` renders each answer of `<base>/api/tickets/:id` and fires the helpdesk's
 * change events. Returns `refresh`, which polls once now.
 */
export function runTicketPage({ base, show, mountApp, noTicketsMessage, noLocationMessage }) {
  let snapshot;
  async function refresh() {
    snapshot = await getJson(`${base}/api/tickets/${encodeURIComponent(ticketParam)}`);
    show(snapshot);
  }
  async function start() {
    try {
      const tickets = await loadPicker(base);
      if (ticketParam === null) {
        const latest = tickets.at(-1);
        if (latest === undefined) {
          showPageError(noTicketsMessage);
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
    document.getElementById('workspace').hidden = false;
    if (snapshot.app.locationUrl === null) {
      showPageError(noLocationMessage);
    } else {
      mountApp();
    }
    window.setInterval(() => {
      refresh().catch((error) => showPageError(`Could not refresh the ticket: ${error.message}`));
    }, POLL_MS);
  }
  void start();
  return { refresh };
}
