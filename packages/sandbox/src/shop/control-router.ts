// The `/_sandbox/shop` control routes: seed orders and accounts, inspect calls and resets, inject faults, over JSON.
import express from 'express';
import { ControlError, endControlRouter, controlBody as body } from '../shared/control.ts';
import type { ShopFault, ShopOrder, ShopStandInControls } from './stand-in.ts';

/** The stand-in's own checks throw TypeError "where: reason"; the control answer keeps the reason. */
function asControlError(error: unknown): unknown {
  if (error instanceof TypeError) {
    return new ControlError(error.message.replace(/^[^:]*: /, ''));
  }
  return error;
}

function run<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw asControlError(error);
  }
}

export function createShopControlRouter(standIn: ShopStandInControls): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/orders', (_req, res) => {
    res.json({ orders: standIn.orders() });
  });
  router.put('/orders/:orderNumber', (req, res) => {
    const orderNumber = String(req.params.orderNumber);
    run(() => standIn.setOrder(orderNumber, body(req) as unknown as ShopOrder));
    res.json({ orderNumber, order: standIn.orders()[orderNumber] });
  });
  router.delete('/orders/:orderNumber', (req, res) => {
    if (!standIn.deleteOrder(String(req.params.orderNumber))) {
      throw new ControlError('no such order', 404);
    }
    res.status(204).end();
  });
  router.get('/accounts', (_req, res) => {
    res.json({ accounts: standIn.accounts() });
  });
  router.post('/accounts', (req, res) => {
    const phone = body(req).phone;
    run(() => standIn.addAccount(phone as string));
    res.status(201).json({ phone });
  });
  router.get('/password-resets', (_req, res) => {
    res.json({ phones: standIn.passwordResetsSent() });
  });
  router.get('/calls', (_req, res) => {
    res.json({ calls: standIn.calls() });
  });
  router.post('/faults', (req, res) => {
    run(() => standIn.injectFault(body(req) as unknown as ShopFault));
    res.status(204).end();
  });
  router.delete('/faults', (_req, res) => {
    standIn.clearFaults();
    res.status(204).end();
  });
  router.post('/reset', (_req, res) => {
    standIn.reset();
    res.status(204).end();
  });

  endControlRouter(router);
  return router;
}
