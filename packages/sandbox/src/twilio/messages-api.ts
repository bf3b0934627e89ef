// The Twilio REST API the relay calls: create a message, read it back, download inbound media (§1.5).
import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { TwilioStandInCore } from './core.ts';
import { E164 } from './core.ts';
import { sendErrorMessage, twilioError, type TwilioErrorBody } from './errors.ts';
import type { StoredMessage, TwilioMessageStatus } from './model.ts';
import { countSegments } from './segments.ts';
import { decodeForm } from './signature.ts';
import { isSid, newSid } from './sids.ts';

/** §1.5 "Limits": Body "can be up to 1,600 characters in length"; longer bodies fail with 21617. */
const BODY_LIMIT = 1600;
/** 21609 page: the StatusCallback URL is at most 4000 characters, and its host has no underscore. */
const STATUS_CALLBACK_LIMIT = 4000;
/** Twilio error codes for the outage statuses (20429 page; 20500/20503 in the error dictionary). */
const OUTAGE_CODES = { 429: 20429, 500: 20500, 503: 20503 } as const;
const OUTAGE_MESSAGES = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
} as const;

/** Delivery failures Twilio reports as `failed` (it never handed the message on); others as `undelivered`. */
const FAILED_WITHOUT_SENDING = new Set([30001, 30002]);

function sendError(res: Response, error: TwilioErrorBody): void {
  res.status(error.status).json(error);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** HTTP Basic AccountSid:AuthToken (§1.5); the account in the path must be the caller's. */
function authenticate(core: TwilioStandInCore, req: Request, res: Response): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? '' : decoded.slice(0, colon);
  const password = colon === -1 ? '' : decoded.slice(colon + 1);
  if (!sameSecret(user, core.accountSid) || !sameSecret(password, core.authToken)) {
    res.setHeader('www-authenticate', 'Basic realm="Twilio API"');
    sendError(res, twilioError(401, 20003, 'Authenticate'));
    return false;
  }
  if (req.params.accountSid !== core.accountSid) {
    notFound(req, res);
    return false;
  }
  return true;
}

function notFound(req: Request, res: Response): void {
  sendError(res, twilioError(404, 20404, `The requested resource ${req.path} was not found`));
}

function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/** The Message resource as the API returns it (message.ts; fields documented on the Message resource page). */
export function messageResource(
  accountSid: string,
  message: StoredMessage,
): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}`;
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: rfc2822(message.createdAt),
    date_sent: null,
    date_updated: rfc2822(message.updatedAt),
    direction: 'outbound-api',
    error_code: message.errorCode ?? null,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid ?? null,
    num_media: '0',
    num_segments: message.messagingServiceSid ? '0' : String(message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `${uri}/Media.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}

function isValidStatusCallback(value: string): boolean {
  if (value.length > STATUS_CALLBACK_LIMIT) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.hostname.includes('_');
  } catch {
    return false;
  }
}

/** Fields of a form body; a JSON or other body carries none, as Twilio only reads forms (§1.5). */
function formFields(req: Request): Map<string, string> {
  const fields = new Map<string, string>();
  const isForm = req.is('application/x-www-form-urlencoded');
  if (isForm && Buffer.isBuffer(req.body)) {
    for (const [name, value] of decodeForm(req.body.toString('utf8'))) {
      if (!fields.has(name)) fields.set(name, value);
    }
  }
  return fields;
}

/** The statuses a new message will be reported in: none for the initial one (§1.6). */
function plannedStatuses(
  viaService: boolean,
  deliveryError: number | undefined,
): { status: TwilioMessageStatus; errorCode?: number }[] {
  const plan: { status: TwilioMessageStatus; errorCode?: number }[] = viaService
    ? [{ status: 'queued' }]
    : [];
  if (deliveryError === undefined) return [...plan, { status: 'sent' }, { status: 'delivered' }];
  if (FAILED_WITHOUT_SENDING.has(deliveryError)) {
    return [...plan, { status: 'failed', errorCode: deliveryError }];
  }
  return [...plan, { status: 'sent' }, { status: 'undelivered', errorCode: deliveryError }];
}

function createMessage(core: TwilioStandInCore, req: Request, res: Response): void {
  const fields = formFields(req);
  const to = fields.get('To');
  const from = fields.get('From');
  const serviceSid = fields.get('MessagingServiceSid');
  const body = fields.get('Body');
  const statusCallback = fields.get('StatusCallback');

  if (!to) return sendError(res, twilioError(400, 21604, "A 'To' phone number is required."));
  if (!E164.test(to)) {
    return sendError(
      res,
      twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`),
    );
  }
  if (!from && !serviceSid) {
    return sendError(res, twilioError(400, 21603, "A 'From' phone number is required."));
  }
  if (from && !core.numbers.has(from)) {
    const message = `The 'From' phone number provided (${from}) is not a valid message-capable Twilio phone number for this destination.`;
    return sendError(res, twilioError(400, 21606, message));
  }
  if (!from && serviceSid && !isSid(serviceSid, ['MG'])) {
    // Wording and code are ours: the reference does not list the invalid-service error.
    return sendError(
      res,
      twilioError(400, 21701, `The Messaging Service Sid ${serviceSid} is invalid.`),
    );
  }
  if (!body && !fields.has('MediaUrl') && !fields.has('ContentSid')) {
    return sendError(res, twilioError(400, 21602, 'Message body is required.'));
  }
  if (body && Array.from(body).length > BODY_LIMIT) {
    const message = 'The concatenated message body exceeds the 1600 character limit.';
    return sendError(res, twilioError(400, 21617, message));
  }
  if (statusCallback !== undefined && !isValidStatusCallback(statusCallback)) {
    return sendError(res, twilioError(400, 21609, "Invalid 'StatusCallback'"));
  }
  const fault = core.faults.get(to);
  if (fault !== undefined && fault >= 21000 && fault < 22000) {
    // §1.6: 21610 (and the other 21xxx send-time errors) answer the request with HTTP 400.
    return sendError(res, twilioError(400, fault, sendErrorMessage(fault)));
  }

  const now = core.now();
  const viaService = !from;
  const message: StoredMessage = {
    sid: newSid('SM'),
    // A Messaging Service picks a sender from its pool; the stand-in uses the first number.
    from: from ?? [...core.numbers.keys()][0] ?? '',
    to,
    body: body ?? '',
    ...(viaService && serviceSid ? { messagingServiceSid: serviceSid } : {}),
    ...(statusCallback ? { statusCallback } : {}),
    numSegments: countSegments(body ?? ''),
    createdAt: now,
    updatedAt: now,
    // §1.6: the initial status is `queued`, or `accepted` through a Messaging Service.
    status: viaService ? 'accepted' : 'queued',
  };
  core.messages.set(message.sid, message);
  core.callbacks.plan(message.sid, plannedStatuses(viaService, fault));
  res.status(201).json(messageResource(core.accountSid, message));
}

export function createMessagesApi(core: TwilioStandInCore): express.Router {
  const router = express.Router();
  const readBody = express.raw({ type: () => true, limit: '1mb' });

  router.use((_req, res, next) => {
    res.setHeader('twilio-request-id', `RQ${newSid('SM').slice(2)}`);
    next();
  });

  router.post('/2010-04-01/Accounts/:accountSid/Messages.json', readBody, (req, res) => {
    if (core.outage) {
      const { status, retryAfterSeconds } = core.outage;
      if (retryAfterSeconds !== undefined) res.setHeader('retry-after', String(retryAfterSeconds));
      return sendError(res, twilioError(status, OUTAGE_CODES[status], OUTAGE_MESSAGES[status]));
    }
    if (!authenticate(core, req, res)) return;
    createMessage(core, req, res);
  });

  router.get('/2010-04-01/Accounts/:accountSid/Messages/:messageSid.json', (req, res) => {
    if (!authenticate(core, req, res)) return;
    const message = core.messages.get(String(req.params.messageSid));
    if (!message) return notFound(req, res);
    res.json(messageResource(core.accountSid, message));
  });

  // MediaUrl{i} of inbound messages; basic auth only when the Console setting is on (§1.1).
  router.get(
    '/2010-04-01/Accounts/:accountSid/Messages/:messageSid/Media/:mediaSid',
    (req, res) => {
      if (core.mediaRequiresAuth && !authenticate(core, req, res)) return;
      const media = core.media.get(String(req.params.mediaSid));
      if (
        !media ||
        media.messageSid !== req.params.messageSid ||
        req.params.accountSid !== core.accountSid
      ) {
        return notFound(req, res);
      }
      res.setHeader('content-type', media.contentType);
      res.send(media.data);
    },
  );

  router.use((req, res) => notFound(req, res));
  // A body over the limit or a broken stream: answer in Twilio's error format, not Express's HTML.
  // The code and wording are ours; the reference does not document this case.
  router.use((error: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    const status = (error as { status?: unknown }).status === 413 ? 413 : 400;
    sendError(res, twilioError(status, 20001, 'The request could not be read'));
  });
  return router;
}
