// The SMS ticket fields native reports read (DESIGN.md, "Native reporting"), filled on both helpdesks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskOf } from './desk.ts';
import { onlyTicket, settled, textIn } from './helpers.ts';
import { HELPDESKS, eventually, startStack, type Stack } from './stack.ts';

for (const helpdesk of HELPDESKS) {
  describe(`SMS ticket fields on ${helpdesk}`, () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ helpdesk });
    });
    afterAll(async () => {
      await stack.close();
    });

    it('counts the segments delivered and shows the last delivery status and consent', async () => {
      const customer = '+14155550901';
      await textIn(stack, customer, 'when do you open?');
      const ticket = await onlyTicket(stack, customer, 1);
      const desk = deskOf(stack);
      desk.agentReply(ticket.id, 'We open at 9.');
      await settled(stack);
      // Two segments: 161 GSM-7 characters (carriers.md, GSM-7 concatenation: 153 per part).
      desk.agentReply(ticket.id, `Also: ${'x'.repeat(155)}`);
      await settled(stack);
      const fields = await eventually('three segments counted', () => {
        const current = desk.smsFields(ticket.id);
        return current.segmentsSent === 3 ? current : undefined;
      });
      expect(fields).toMatchObject({ lastDeliveryStatus: 'delivered', segmentsSent: 3 });

      await textIn(stack, customer, 'STOP');
      await settled(stack);
      await eventually('consent shown as opted out', () =>
        desk.smsFields(ticket.id).consentStatus === 'opted_out' ? true : undefined,
      );
    });

    it('shows a failed delivery', async () => {
      const customer = '+14155550902';
      stack.sandbox.twilio.failNumber(customer, 30003);
      await textIn(stack, customer, 'hello');
      const ticket = await onlyTicket(stack, customer, 1);
      const desk = deskOf(stack);
      desk.agentReply(ticket.id, 'Hi there');
      await settled(stack);
      await eventually('the failure in the field', () =>
        desk.smsFields(ticket.id).lastDeliveryStatus === 'failed' ? true : undefined,
      );
      expect(desk.smsFields(ticket.id).segmentsSent ?? 0).toBe(0);
    });
  });
}
