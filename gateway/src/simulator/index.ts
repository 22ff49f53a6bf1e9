export { loadSimulatorConfig } from './config';
export type { SimulatorOptions, SimulatorPlan } from './options';
export { createSimulator, type Simulator } from './simulator';
