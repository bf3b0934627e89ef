// The `/_sandbox/shop` control routes: seed orders and accounts, inspect calls and resets, inject faults, over JSON.
import express, { type NextFunction, type Request, type Response } from 'express';
import { ControlError, bodyParserFailure, controlBody as body } from '../shared/control.ts';
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

  router.use((_req, _res) => {
    throw new ControlError('no such control route', 404);
  });
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof ControlError) {
      res.status(error.status).json({ error: error.message });
      return;
    }
    const parserFailure = bodyParserFailure(error);
    if (parserFailure !== undefined) {
      res.status(parserFailure.status).json({ error: parserFailure.message });
      return;
    }
    res.status(500).json({ error: 'unexpected stand-in error' });
  });
  return router;
}
