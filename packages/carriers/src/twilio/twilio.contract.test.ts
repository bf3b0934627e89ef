// Runs the carrier contract suite against the Twilio adapter and the sandbox's Twilio stand-in.
import { createHmac } from 'node:crypto';
import { startSandbox, type Sandbox } from '@smsbridge/sandbox';
import type { RawWebhookRequest } from '../carrier-adapter.ts';
import { describeCarrierContract, type NumberFault } from '../contract/carrier-contract.ts';
import { startWebhookRecorder, type WebhookRecorder } from '../contract/webhook-recorder.ts';
import { decodeWebhookForm, type FormFields } from './form.ts';
import { createTwilioAdapter } from './index.ts';

const ACCOUNT_SID = 'AC5ef8732a3c49700934481addd5ce1659';
const AUTH_TOKEN = 'contract-suite-auth-token';
const BUSINESS_NUMBER = '+15005550006';
const CUSTOMER_NUMBER = '+14155550123';

/** Twilio codes the stand-in plays for each fault (carriers.md §1.6). */
const FAULT_CODES: Record<NumberFault, number> = {
  opted_out: 21610,
  invalid_number: 21211,
  landline: 21614,
  unreachable: 30003,
  filtered: 30007,
};

/** §1.4's algorithm, here only to forge signatures with a token that is not the account's. */
function signWithToken(token: string, url: string, fields: FormFields): string {
  const sorted = [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const data = sorted.reduce((acc, [name, value]) => acc + name + value, url);
  return createHmac('sha1', token).update(data, 'utf8').digest('base64');
}

function fieldsOf(request: RawWebhookRequest): FormFields {
  const form = decodeWebhookForm(request);
  if (!form.ok) throw new Error(form.detail);
  return form.fields;
}

function withFields(request: RawWebhookRequest, fields: FormFields): RawWebhookRequest {
  const body = new URLSearchParams(fields.map(([n, v]): [string, string] => [n, v])).toString();
  return { ...request, rawBody: Buffer.from(body, 'utf8') };
}

function fieldValue(request: RawWebhookRequest, name: string): string | undefined {
  return fieldsOf(request).find(([n]) => n === name)?.[1];
}

describeCarrierContract(
  'Twilio',
  async () => {
    const relay: WebhookRecorder = await startWebhookRecorder((request) =>
      request.publicUrl.includes('/twilio/sms')
        ? adapter.inboundAck()
        : { status: 204, contentType: 'text/plain', body: '' },
    );
    const sandbox: Sandbox = await startSandbox({
      twilio: {
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        numbers: [{ number: BUSINESS_NUMBER, smsUrl: `${relay.url}/twilio/sms?workspace=acme` }],
        statusCallbackDelayMs: 5,
      },
      zendesk: { subdomain: 'acme', email: 'api@acme.test', apiToken: 'zendesk-token' },
    });
    const adapter = createTwilioAdapter(
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: sandbox.twilioApiBaseUrl },
      { fetch },
    );
    const twilio = sandbox.twilio;

    async function received(messageSid: string): Promise<RawWebhookRequest> {
      return relay.waitFor(
        (r) => r.publicUrl.includes('/twilio/sms') && fieldValue(r, 'MessageSid') === messageSid,
      );
    }

    return {
      adapter,
      adapterWithWrongCredentials: createTwilioAdapter(
        {
          accountSid: ACCOUNT_SID,
          authToken: 'not-the-token',
          apiBaseUrl: sandbox.twilioApiBaseUrl,
        },
        { fetch },
      ),
      unreachableAdapter: createTwilioAdapter(
        { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: 'http://127.0.0.1:9/twilio' },
        { fetch },
      ),
      businessNumber: BUSINESS_NUMBER,
      customerNumber: CUSTOMER_NUMBER,
      bodyLimit: 1600,
      fields: { body: 'Body', from: 'From', messageId: 'MessageSid' },
      foreignContentType: 'application/json',
      errorCodes: {
        opted_out: '21610',
        invalid_number: '21211',
        landline: '21614',
        unreachable: '30003',
        filtered: '30007',
        rejected: '30004',
        rate_limited: '30001',
        auth: '20003',
        unknown: '30008',
      },
      statusCallbackUrl: `${relay.url}/twilio/status?workspace=acme`,

      async customerTexts(text) {
        const { messageSid } = await twilio.sendInbound({
          from: CUSTOMER_NUMBER,
          to: BUSINESS_NUMBER,
          body: text.body,
          ...(text.media ? { media: text.media } : {}),
        });
        return received(messageSid);
      },
      async redeliver(request) {
        const messageSid = fieldValue(request, 'MessageSid') ?? '';
        const before = relay.received.length;
        await twilio.replayInbound(messageSid);
        const copies = relay.received
          .slice(before)
          .filter((r) => fieldValue(r, 'MessageSid') === messageSid);
        if (!copies[0]) throw new Error('the replay did not arrive');
        return copies[0];
      },
      async statusWebhooks(carrierMessageId, count) {
        const matching = () =>
          relay.received.filter(
            (r) =>
              r.publicUrl.includes('/twilio/status') &&
              fieldValue(r, 'MessageSid') === carrierMessageId,
          );
        const deadline = Date.now() + 5_000;
        while (matching().length < count && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return matching();
      },
      withField(request, name, value) {
        const fields = fieldsOf(request);
        const exists = fields.some(([n]) => n === name);
        return withFields(
          request,
          exists
            ? fields.map(([n, v]) => [n, n === name ? value : v] as const)
            : [...fields, [name, value]],
        );
      },
      withoutField(request, name) {
        return withFields(
          request,
          fieldsOf(request).filter(([n]) => n !== name),
        );
      },
      resign(request) {
        // The stand-in's own HMAC implementation, independent of the twilio library the adapter uses.
        const signature = twilio.sign(request.publicUrl, fieldsOf(request));
        return { ...request, headers: { ...request.headers, 'x-twilio-signature': signature } };
      },
      forge(request) {
        const signature = signWithToken('a-guessed-token', request.publicUrl, fieldsOf(request));
        return { ...request, headers: { ...request.headers, 'x-twilio-signature': signature } };
      },
      stripSignature(request) {
        const headers = { ...request.headers };
        delete headers['x-twilio-signature'];
        return { ...request, headers };
      },
      phone() {
        return Promise.resolve(
          twilio
            .outbox()
            .filter((m) => m.status !== 'failed' && m.status !== 'undelivered')
            .map(({ from, to, body }) => ({ from, to, body })),
        );
      },
      failNumber(number, fault) {
        twilio.failNumber(number, FAULT_CODES[fault]);
      },
      setOutage(outage) {
        twilio.setOutage(outage);
      },
      reset() {
        twilio.reset();
      },
      async close() {
        await sandbox.close();
        await relay.close();
      },
    };
  },
  { signsUrl: true },
);
