export { buildGateway, type Gateway, type GatewayDeps } from './app';
export { ConfigError, type GatewayConfig, loadConfig } from './config';
