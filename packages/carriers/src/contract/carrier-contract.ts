// The behaviour every CarrierAdapter must show against its carrier's stand-in, as Vitest blocks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  CarrierAdapter,
  CarrierError,
  CarrierErrorCategory,
  InboundMessage,
  ParseResult,
  RawWebhookRequest,
  SendResult,
  StatusEvent,
} from '../carrier-adapter.ts';

/** Fault categories a stand-in can be told to produce for a customer number. */
export type NumberFault = 'opted_out' | 'invalid_number' | 'landline' | 'unreachable' | 'filtered';

/** What each carrier's test file provides: its adapter wired to its stand-in, and ways to tamper. */
export interface CarrierContractHarness {
  /** The adapter under test, configured against the stand-in. */
  readonly adapter: CarrierAdapter;
  /** The same adapter configured with credentials the stand-in refuses. */
  readonly adapterWithWrongCredentials: CarrierAdapter;
  /** The same adapter pointed at an API base URL where nothing listens. */
  readonly unreachableAdapter: CarrierAdapter;
  /** A business number the stand-in knows (E.164). */
  readonly businessNumber: string;
  /** A customer phone (E.164). */
  readonly customerNumber: string;
  /** The longest body the carrier delivers in a webhook. */
  readonly bodyLimit: number;
  /** Field names in this carrier's webhook body. */
  readonly fields: { readonly body: string; readonly from: string; readonly messageId: string };
  /** A content type this carrier never uses for webhooks. */
  readonly foreignContentType: string;
  /** One carrier error code per category this carrier has codes for. */
  readonly errorCodes: Readonly<Partial<Record<CarrierErrorCategory, string>>>;
  /** A status-callback URL whose webhooks `statusWebhooks` can see. */
  readonly statusCallbackUrl: string;

  /** The customer texts the business number; resolves with the webhook as the relay received it. */
  customerTexts(text: {
    readonly body: string;
    readonly media?: readonly { readonly contentType: string; readonly data: Buffer }[];
  }): Promise<RawWebhookRequest>;
  /** The carrier delivers the same webhook again (its retry); resolves with the second copy. */
  redeliver(request: RawWebhookRequest): Promise<RawWebhookRequest>;
  /** Status webhooks the carrier has posted for a message, waiting until there are `count`. */
  statusWebhooks(carrierMessageId: string, count: number): Promise<RawWebhookRequest[]>;
  /** Sets (or adds) one body field the carrier's way, keeping the old signature. */
  withField(request: RawWebhookRequest, name: string, value: string): RawWebhookRequest;
  /** Removes one body field, keeping the old signature. */
  withoutField(request: RawWebhookRequest, name: string): RawWebhookRequest;
  /** Signs the request as the carrier would for its current URL and body. */
  resign(request: RawWebhookRequest): RawWebhookRequest;
  /** Signs the request with a key that is not the account's. */
  forge(request: RawWebhookRequest): RawWebhookRequest;
  /** Removes every signature header. */
  stripSignature(request: RawWebhookRequest): RawWebhookRequest;
  /** Texts the customer's phone has received (sent and not failed). */
  phone(): Promise<
    readonly { readonly from: string; readonly to: string; readonly body: string }[]
  >;
  failNumber(number: string, fault: NumberFault): void;
  setOutage(
    outage: { readonly status: 429 | 500 | 503; readonly retryAfterSeconds?: number } | null,
  ): void;
  /** Clears faults and outages and forgets messages. */
  reset(): void;
  close(): Promise<void>;
}

export interface CarrierCapabilities {
  /** Whether the carrier's signature covers the URL (Twilio yes; Telnyx signs only the body). */
  readonly signsUrl: boolean;
}

function expectParsed<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected a parse, got: ${result.reason}`);
  return result.value;
}

function expectParseError<T>(result: ParseResult<T>): string {
  expect(result.ok).toBe(false);
  const reason = result.ok ? '' : result.reason;
  expect(reason).toMatch(/^[^\n]{1,200}$/);
  return reason;
}

function expectFailure(result: SendResult): CarrierError {
  if (result.ok) throw new Error(`expected a send error, got ${result.carrierMessageId}`);
  return result.error;
}

/** One short sentence an agent can read: no jargon checks, but no newlines, markup or control characters. */
function expectPlainSentence(words: string): void {
  expect(words).toMatch(/^[^\p{Cc}<>]{10,240}$/u);
  expect(words).toMatch(/[.)]$/);
}

export function describeCarrierContract(
  name: string,
  setup: () => Promise<CarrierContractHarness>,
  capabilities: CarrierCapabilities,
): void {
  describe(`CarrierAdapter contract: ${name}`, () => {
    let h: CarrierContractHarness;
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => {
      await h.close();
    });
    beforeEach(() => {
      h.reset();
    });

    function verifiedInbound(request: RawWebhookRequest): InboundMessage {
      expect(h.adapter.verifyWebhook(request)).toEqual({ ok: true });
      return expectParsed(h.adapter.parseInbound(request));
    }

    describe('inbound webhooks', () => {
      it('a signed inbound webhook verifies and parses to what the customer texted', async () => {
        const request = await h.customerTexts({ body: 'Hi, where is my order #1234?' });
        const message = verifiedInbound(request);
        expect(message).toMatchObject({
          from: h.customerNumber,
          to: h.businessNumber,
          body: 'Hi, where is my order #1234?',
          media: [],
        });
        expect(message.carrierMessageId).toMatch(/^\S{8,}$/);
      });

      it.each([
        ['emoji and accents', '¿Dónde está mi pedido? 👍🏽🎉'],
        ['form-significant characters', 'a+b = c & d %20 50%'],
        ['surrounding whitespace and newlines', '  first line\nsecond line  '],
        ['an empty body', ''],
      ])('keeps %s exactly', async (_kind, body) => {
        expect(verifiedInbound(await h.customerTexts({ body })).body).toBe(body);
      });

      it('a body at the carrier limit still parses', async () => {
        const request = await h.customerTexts({ body: 'x' });
        const full = h.resign(h.withField(request, h.fields.body, 'y'.repeat(h.bodyLimit)));
        expect(verifiedInbound(full).body).toHaveLength(h.bodyLimit);
      });

      it('each text gets its own message id; a redelivered webhook keeps it (the idempotency key)', async () => {
        const first = await h.customerTexts({ body: 'one' });
        const second = await h.customerTexts({ body: 'two' });
        const again = await h.redeliver(first);
        const ids = [first, second, again].map((r) => verifiedInbound(r).carrierMessageId);
        expect(ids[0]).not.toBe(ids[1]);
        expect(ids[2]).toBe(ids[0]);
      });

      it('the acknowledgement is a 2xx with a content type', () => {
        const ack = h.adapter.inboundAck();
        expect(ack.status).toBeGreaterThanOrEqual(200);
        expect(ack.status).toBeLessThan(300);
        expect(ack.contentType).not.toBe('');
      });
    });

    describe('signatures', () => {
      it('a forged signature is rejected', async () => {
        const request = h.forge(await h.customerTexts({ body: 'hello' }));
        expect(h.adapter.verifyWebhook(request)).toEqual({ ok: false, reason: 'bad_signature' });
      });

      it('a missing signature is rejected as missing', async () => {
        const request = h.stripSignature(await h.customerTexts({ body: 'hello' }));
        expect(h.adapter.verifyWebhook(request)).toEqual({
          ok: false,
          reason: 'missing_signature',
        });
      });

      it('a tampered field is rejected', async () => {
        const request = await h.customerTexts({ body: 'refund $10' });
        const tampered = h.withField(request, h.fields.body, 'refund $1000');
        expect(h.adapter.verifyWebhook(tampered)).toEqual({ ok: false, reason: 'bad_signature' });
      });

      it('a sender swapped after signing is rejected', async () => {
        const request = await h.customerTexts({ body: 'hello' });
        const tampered = h.withField(request, h.fields.from, '+14155550100');
        expect(h.adapter.verifyWebhook(tampered)).toEqual({ ok: false, reason: 'bad_signature' });
      });

      it('a field added after signing is rejected', async () => {
        const request = await h.customerTexts({ body: 'hello' });
        const extended = h.withField(request, 'InjectedField', 'x');
        expect(h.adapter.verifyWebhook(extended)).toEqual({ ok: false, reason: 'bad_signature' });
      });

      it('a field removed after signing is rejected', async () => {
        const request = await h.customerTexts({ body: 'hello' });
        const shortened = h.withoutField(request, h.fields.body);
        expect(h.adapter.verifyWebhook(shortened)).toEqual({ ok: false, reason: 'bad_signature' });
      });

      it.runIf(capabilities.signsUrl)(
        'a signature made for a different URL is rejected',
        async () => {
          const request = await h.customerTexts({ body: 'hello' });
          const url = new URL(request.publicUrl);
          for (const publicUrl of [
            `${url.origin}/elsewhere${url.search}`,
            `${url.origin}${url.pathname}?other=1`,
            request.publicUrl.replace(/^http:/, 'https:'),
          ]) {
            expect(h.adapter.verifyWebhook({ ...request, publicUrl })).toEqual({
              ok: false,
              reason: 'bad_signature',
            });
          }
        },
      );

      it('a body in a content type the carrier never sends is refused', async () => {
        const request = await h.customerTexts({ body: 'hello' });
        const foreign = {
          ...request,
          headers: { ...request.headers, 'content-type': h.foreignContentType },
        };
        expect(h.adapter.verifyWebhook(foreign)).toEqual({
          ok: false,
          reason: 'unsupported_media_type',
        });
      });

      it('verification never throws, whatever arrives', async () => {
        const request = await h.customerTexts({ body: 'hello' });
        const odd: RawWebhookRequest[] = [
          { ...request, rawBody: Buffer.from([0xff, 0xfe, 0x00, 0x80]) },
          { ...request, rawBody: Buffer.alloc(0) },
          { ...request, publicUrl: 'not a url' },
          { ...request, headers: {} },
          { ...request, rawBody: Buffer.alloc(200_000, 0x61) },
        ];
        for (const candidate of odd) {
          const result = h.adapter.verifyWebhook(candidate);
          expect(result.ok).toBe(false);
        }
      });
    });

    describe('malformed and oversized input', () => {
      it('malformed bodies are parse errors, never exceptions', async () => {
        const request = await h.customerTexts({ body: 'hello' });
        const bodies = [
          Buffer.alloc(0),
          Buffer.from([0xff, 0xfe, 0xfd]),
          Buffer.from('%%%%=%E0%A4%A'),
          Buffer.from('{"not":"what the carrier sends"'),
          Buffer.alloc(100_000, 0x00),
        ];
        for (const rawBody of bodies) {
          expectParseError(h.adapter.parseInbound({ ...request, rawBody }));
          expectParseError(h.adapter.parseStatus({ ...request, rawBody }));
        }
      });

      it.each(['messageId', 'from', 'body'] as const)(
        'a webhook without its %s field is a parse error',
        async (field) => {
          const request = h.resign(
            h.withoutField(await h.customerTexts({ body: 'hello' }), h.fields[field]),
          );
          expectParseError(h.adapter.parseInbound(request));
        },
      );

      it('a sender that is not an E.164 number is a parse error', async () => {
        const request = await h.customerTexts({ body: 'hello' });
        for (const from of ['4155550123', '+1 415 555 0123', 'whatsapp:+14155550123', '']) {
          expectParseError(
            h.adapter.parseInbound(h.resign(h.withField(request, h.fields.from, from))),
          );
        }
      });

      it('a body over the carrier limit is a parse error, even when signed', async () => {
        const request = await h.customerTexts({ body: 'x' });
        for (const body of ['y'.repeat(h.bodyLimit + 1), 'z'.repeat(10_000)]) {
          const oversized = h.resign(h.withField(request, h.fields.body, body));
          expect(h.adapter.verifyWebhook(oversized)).toEqual({ ok: true });
          expect(expectParseError(h.adapter.parseInbound(oversized))).toMatch(/long|limit|large/i);
        }
      });

      it('an unknown extra field from the carrier is accepted', async () => {
        const request = h.resign(
          h.withField(await h.customerTexts({ body: 'hi' }), 'SomeNewParam', 'v2'),
        );
        expect(verifiedInbound(request).body).toBe('hi');
      });

      it('an inbound webhook is not a status event', async () => {
        const request = await h.customerTexts({ body: 'hi' });
        const result = h.adapter.parseStatus(request);
        expect(result.ok).toBe(false);
      });
    });

    describe('sending', () => {
      const text = (body: string) => ({
        from: h.businessNumber,
        to: h.customerNumber,
        body,
      });

      it("a send reaches the customer's phone", async () => {
        const result = await h.adapter.send(text('Your refund was approved 🎉'));
        expect(result).toMatchObject({ ok: true });
        expect(await h.phone()).toEqual([
          { from: h.businessNumber, to: h.customerNumber, body: 'Your refund was approved 🎉' },
        ]);
      });

      it('status webhooks for a sent message verify and parse, in order, ending delivered', async () => {
        const result = await h.adapter.send({
          ...text('hello'),
          statusCallbackUrl: h.statusCallbackUrl,
        });
        if (!result.ok) throw new Error(result.error.agentMessage);
        const webhooks = await h.statusWebhooks(result.carrierMessageId, 2);
        const events: StatusEvent[] = webhooks.map((request) => {
          expect(h.adapter.verifyWebhook(request)).toEqual({ ok: true });
          return expectParsed(h.adapter.parseStatus(request));
        });
        expect(events.map((e) => e.status)).toEqual(['sent', 'delivered']);
        expect(events.every((e) => e.carrierMessageId === result.carrierMessageId)).toBe(true);
        expect(events.every((e) => e.errorCode === undefined)).toBe(true);
      });

      it('a forged status webhook is rejected', async () => {
        const result = await h.adapter.send({
          ...text('hello'),
          statusCallbackUrl: h.statusCallbackUrl,
        });
        if (!result.ok) throw new Error(result.error.agentMessage);
        const [webhook] = await h.statusWebhooks(result.carrierMessageId, 1);
        if (!webhook) throw new Error('no status webhook');
        expect(h.adapter.verifyWebhook(h.forge(webhook))).toEqual({
          ok: false,
          reason: 'bad_signature',
        });
        expect(h.adapter.verifyWebhook(h.stripSignature(webhook))).toEqual({
          ok: false,
          reason: 'missing_signature',
        });
      });

      it.each(['opted_out', 'invalid_number', 'landline', 'unreachable', 'filtered'] as const)(
        'a send to a number failing as %s ends in that typed error with words for the agent',
        async (fault) => {
          h.failNumber(h.customerNumber, fault);
          const result = await h.adapter.send({
            ...text('hello'),
            statusCallbackUrl: h.statusCallbackUrl,
          });
          let error: CarrierError;
          if (result.ok) {
            // Accepted now, reported failed later in a status webhook.
            const webhooks = await h.statusWebhooks(result.carrierMessageId, 2);
            const last = expectParsed(h.adapter.parseStatus(webhooks.at(-1) as RawWebhookRequest));
            expect(['undelivered', 'failed']).toContain(last.status);
            error = h.adapter.describeError(last.errorCode ?? '');
          } else {
            error = result.error;
          }
          expect(error.category).toBe(fault);
          // Only an unreachable handset may come back later; the others need a person to act.
          if (fault !== 'unreachable') expect(error.retryable).toBe(false);
          expectPlainSentence(error.agentMessage);
          expect(await h.phone()).toEqual([]);
        },
      );

      it('an outage is a retryable error carrying Retry-After', async () => {
        h.setOutage({ status: 503, retryAfterSeconds: 3 });
        const unavailable = expectFailure(await h.adapter.send(text('hello')));
        expect(unavailable).toMatchObject({
          category: 'carrier_unavailable',
          retryable: true,
          retryAfterMs: 3000,
        });
        h.setOutage({ status: 429, retryAfterSeconds: 1 });
        const limited = expectFailure(await h.adapter.send(text('hello')));
        expect(limited).toMatchObject({
          category: 'rate_limited',
          retryable: true,
          retryAfterMs: 1000,
        });
        h.setOutage({ status: 500 });
        const broken = expectFailure(await h.adapter.send(text('hello')));
        expect(broken).toMatchObject({ category: 'carrier_unavailable', retryable: true });
        expect(broken.retryAfterMs).toBeUndefined();
        expectPlainSentence(broken.agentMessage);
        h.setOutage(null);
        expect((await h.adapter.send(text('hello'))).ok).toBe(true);
        expect(await h.phone()).toHaveLength(1);
      });

      it('an unreachable carrier is a retryable error, not an exception', async () => {
        const error = expectFailure(await h.unreachableAdapter.send(text('hello')));
        expect(error).toMatchObject({ category: 'carrier_unavailable', retryable: true });
      });

      it('wrong credentials are an auth error that is not retried', async () => {
        const error = expectFailure(await h.adapterWithWrongCredentials.send(text('hello')));
        expect(error).toMatchObject({ category: 'auth', retryable: false });
        expectPlainSentence(error.agentMessage);
        expect(await h.phone()).toEqual([]);
      });
    });

    describe('media', () => {
      const picture = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

      it('every media item of an MMS is fetched with its bytes and content type', async () => {
        const media = [
          { contentType: 'image/jpeg', data: picture },
          { contentType: 'image/png', data: Buffer.from('png') },
          { contentType: 'image/gif', data: Buffer.from('gif') },
        ];
        const message = verifiedInbound(await h.customerTexts({ body: '', media }));
        expect(message.media).toHaveLength(3);
        for (const [index, item] of message.media.entries()) {
          const fetched = await h.adapter.fetchMedia(item);
          expect(fetched.data.equals(media[index]?.data ?? Buffer.alloc(0))).toBe(true);
          expect(fetched.contentType).toBe(media[index]?.contentType);
          expect(fetched.filename).toMatch(/^[\w-]+\.(jpg|png|gif)$/);
        }
        const names = await Promise.all(
          message.media.map(async (m) => (await h.adapter.fetchMedia(m)).filename),
        );
        expect(new Set(names).size).toBe(3);
      });

      it('media fetched with wrong credentials rejects with a clear error', async () => {
        const message = verifiedInbound(
          await h.customerTexts({
            body: '',
            media: [{ contentType: 'image/jpeg', data: picture }],
          }),
        );
        const [item] = message.media;
        if (!item) throw new Error('no media');
        await expect(h.adapterWithWrongCredentials.fetchMedia(item)).rejects.toThrow(/fetchMedia/);
      });
    });

    describe('describeError', () => {
      it('maps each category to plain words', () => {
        for (const [category, code] of Object.entries(h.errorCodes)) {
          const error = h.adapter.describeError(code);
          expect(error).toMatchObject({ code, category });
          expect(typeof error.retryable).toBe('boolean');
          expectPlainSentence(error.agentMessage);
        }
      });

      it('an unknown code is unknown, with the code in the words', () => {
        const error = h.adapter.describeError('98765');
        expect(error).toMatchObject({ code: '98765', category: 'unknown', retryable: false });
        expect(error.agentMessage).toContain('98765');
      });

      it('never throws for any string, and keeps the words short and printable', () => {
        for (const code of [
          '',
          ' ',
          '\u0000\u001b[31m',
          '\ud800',
          '💥',
          'x'.repeat(10_000),
          '<script>',
        ]) {
          const error = h.adapter.describeError(code);
          expect(error.code).toBe(code);
          expectPlainSentence(error.agentMessage);
        }
      });

      it('throws a TypeError naming the function for a non-string', () => {
        expect(() => h.adapter.describeError(30003 as unknown as string)).toThrow(TypeError);
        expect(() => h.adapter.describeError(undefined as unknown as string)).toThrow(
          /describeError/,
        );
      });
    });
  });
}
