export { loadSimulatorConfig } from './config';
export type { SimulatorOptions } from './options';
export { createSimulator, type Simulator } from './simulator';
