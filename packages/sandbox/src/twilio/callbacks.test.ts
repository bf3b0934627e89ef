// Status callbacks (carriers.md §1.6): signed like Twilio, no callback for the initial status, faults, manual order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeForm, twilioSignature } from './signature.ts';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BUSINESS_NUMBER,
  CUSTOMER_NUMBER,
  postMessage,
  startTwilioRig,
  type ReceivedRequest,
  type TwilioTestRig,
} from './test-harness.ts';

function fieldsOf(request: ReceivedRequest): Map<string, string> {
  return new Map(decodeForm(request.rawBody.toString('utf8')));
}

function statusesReceived(rig: TwilioTestRig): (string | undefined)[] {
  return rig.received.map((request) => fieldsOf(request).get('MessageStatus'));
}

describe('status callbacks', () => {
  let rig: TwilioTestRig;
  let callbackUrl: string;
  beforeEach(async () => {
    rig = await startTwilioRig();
    callbackUrl = `${rig.appUrl}/twilio/status?workspace=acme&x=a%20b`;
  });
  afterEach(async () => {
    await rig.close();
  });

  async function send(to = CUSTOMER_NUMBER): Promise<string> {
    const { status, json } = await postMessage(rig, {
      To: to,
      From: BUSINESS_NUMBER,
      Body: 'Hello from support',
      StatusCallback: callbackUrl,
    });
    expect(status).toBe(201);
    return String(json.sid);
  }

  it('reports sent then delivered, never the initial queued', async () => {
    const sid = await send();
    await rig.standIn.settle();
    expect(statusesReceived(rig)).toEqual(['sent', 'delivered']);
    expect(rig.standIn.outbox()).toMatchObject([{ sid, status: 'delivered' }]);
    expect(rig.standIn.callbackDeliveries().map((d) => d.responseStatus)).toEqual([200, 200]);
  });

  it('signs each callback over the exact callback URL (query included) and every field', async () => {
    await send();
    await rig.standIn.settle();
    for (const request of rig.received) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/twilio/status?workspace=acme&x=a%20b');
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const fields = decodeForm(request.rawBody.toString('utf8'));
      expect(request.headers['x-twilio-signature']).toBe(
        twilioSignature(AUTH_TOKEN, callbackUrl, fields),
      );
      expect(request.headers['x-twilio-signature']).not.toBe(
        twilioSignature(AUTH_TOKEN, `${rig.appUrl}/twilio/status`, fields),
      );
    }
  });

  it('carries the captured callback fields, and no ErrorCode on success', async () => {
    const sid = await send();
    await rig.standIn.settle();
    const [sent, delivered] = rig.received.map(fieldsOf);
    expect(Object.fromEntries(sent ?? [])).toEqual({
      SmsSid: sid,
      SmsStatus: 'sent',
      MessageStatus: 'sent',
      To: CUSTOMER_NUMBER,
      MessageSid: sid,
      AccountSid: ACCOUNT_SID,
      From: BUSINESS_NUMBER,
      ApiVersion: '2010-04-01',
    });
    expect(delivered?.get('RawDlrDoneDate')).toMatch(/^\d{10}$/);
    expect(delivered?.has('ErrorCode')).toBe(false);
  });

  it.each([30003, 30004, 30005, 30006, 30007, 30008])(
    'a number failed with %i is sent, then reported undelivered with that ErrorCode',
    async (code) => {
      rig.standIn.failNumber(CUSTOMER_NUMBER, code);
      const sid = await send();
      await rig.standIn.settle();
      expect(statusesReceived(rig)).toEqual(['sent', 'undelivered']);
      expect(fieldsOf(rig.received[1] as ReceivedRequest).get('ErrorCode')).toBe(String(code));
      expect(rig.standIn.outbox()).toMatchObject([{ sid, status: 'undelivered', errorCode: code }]);
    },
  );

  it('a queue overflow (30001) fails without ever being sent', async () => {
    rig.standIn.failNumber(CUSTOMER_NUMBER, 30001);
    await send();
    await rig.standIn.settle();
    expect(statusesReceived(rig)).toEqual(['failed']);
    expect(fieldsOf(rig.received[0] as ReceivedRequest).get('ErrorCode')).toBe('30001');
  });

  it('through a Messaging Service the first callback is queued (the initial status was accepted)', async () => {
    const { json } = await postMessage(rig, {
      To: CUSTOMER_NUMBER,
      MessagingServiceSid: `MG${'b'.repeat(32)}`,
      Body: 'hi',
      StatusCallback: callbackUrl,
    });
    await rig.standIn.settle();
    expect(statusesReceived(rig)).toEqual(['queued', 'sent', 'delivered']);
    expect(fieldsOf(rig.received[0] as ReceivedRequest).get('MessagingServiceSid')).toBe(
      `MG${'b'.repeat(32)}`,
    );
    expect(json.status).toBe('accepted');
  });

  it('posts nothing for a message sent without StatusCallback, but its status still moves on', async () => {
    const { json } = await postMessage(rig, {
      To: CUSTOMER_NUMBER,
      From: BUSINESS_NUMBER,
      Body: 'hi',
    });
    await rig.standIn.settle();
    expect(rig.received).toEqual([]);
    expect(rig.standIn.outbox()).toMatchObject([{ sid: json.sid, status: 'delivered' }]);
  });

  it('in manual mode waits, lists what is planned, and delivers in the order the test chooses', async () => {
    rig.standIn.setCallbackMode('manual');
    const sid = await send();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rig.received).toEqual([]);
    expect(rig.standIn.pendingCallbacks()).toEqual([
      { messageSid: sid, status: 'sent' },
      { messageSid: sid, status: 'delivered' },
    ]);
    await rig.standIn.emitStatus(sid, 'delivered');
    await rig.standIn.emitStatus(sid, 'sent');
    expect(statusesReceived(rig)).toEqual(['delivered', 'sent']);
    expect(rig.standIn.pendingCallbacks()).toEqual([]);
  });

  it('emitStatus can report a failure the plan did not contain, with its code', async () => {
    rig.standIn.setCallbackMode('manual');
    const sid = await send();
    const delivery = await rig.standIn.emitStatus(sid, 'failed', 30007);
    expect(delivery).toMatchObject({ status: 'failed', errorCode: 30007, responseStatus: 200 });
    expect(fieldsOf(rig.received[0] as ReceivedRequest).get('ErrorCode')).toBe('30007');
  });

  it('switching back to auto delivers what was waiting', async () => {
    rig.standIn.setCallbackMode('manual');
    await send();
    rig.standIn.setCallbackMode('auto');
    await rig.standIn.settle();
    expect(statusesReceived(rig)).toEqual(['sent', 'delivered']);
  });

  it('emitStatus refuses unknown messages and statuses', async () => {
    await expect(rig.standIn.emitStatus(`SM${'0'.repeat(32)}`, 'sent')).rejects.toThrow(
      /no sent message/,
    );
    const sid = await send();
    await expect(rig.standIn.emitStatus(sid, 'arrived' as 'sent')).rejects.toThrow(TypeError);
  });

  it('records a callback the app never answered, and carries on', async () => {
    callbackUrl = 'http://127.0.0.1:9/unreachable';
    await send();
    await rig.standIn.settle();
    const deliveries = rig.standIn.callbackDeliveries();
    expect(deliveries).toHaveLength(2);
    expect(deliveries.every((d) => d.error !== undefined && d.responseStatus === undefined)).toBe(
      true,
    );
  });

  it('records the status the app answered, even an error', async () => {
    rig.answerWith({ status: 500, contentType: 'text/plain', body: 'boom' });
    await send();
    await rig.standIn.settle();
    expect(rig.standIn.callbackDeliveries().map((d) => d.responseStatus)).toEqual([500, 500]);
  });

  it('reset cancels callbacks that were still planned', async () => {
    rig.standIn.setCallbackMode('manual');
    await send();
    rig.standIn.reset();
    expect(rig.standIn.pendingCallbacks()).toEqual([]);
    expect(rig.standIn.outbox()).toEqual([]);
    rig.standIn.setCallbackMode('auto');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rig.received).toEqual([]);
  });
});
