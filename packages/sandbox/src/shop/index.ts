// The shop stand-in: a workspace's order lookup and password reset endpoints, with faults (packages/bot/README.md).
export { createShopStandIn } from './stand-in.ts';
export type {
  ShopCall,
  ShopFault,
  ShopFaultBehaviour,
  ShopOrder,
  ShopRoute,
  ShopStandIn,
  ShopStandInControls,
  ShopStandInOptions,
} from './stand-in.ts';
export { startShopStandIn, type RunningShopStandIn } from './server.ts';
