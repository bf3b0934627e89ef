// Child process of the relay benchmark: the floor any Express webhook handler pays. The same raw body
// parser and empty-TwiML acknowledgement as the relay, but no verification, no parsing, no store.
import express from 'express';
import type { AddressInfo } from 'node:net';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

const app = express();
app.disable('x-powered-by');
app.post('/webhooks/:workspaceId/sms/inbound', express.raw({ type: () => true }), (_req, res) => {
  res.status(200).type('text/xml').send(EMPTY_TWIML);
});
const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
});
// The parent disconnects when it is done (or dies): never outlive it.
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
