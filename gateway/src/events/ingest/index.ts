export { fromRead } from './from-read';
export { createIngest, type IngestFlags, type IngestResult } from './ingest';
export { createIntents, type Intents, type IntentsOptions } from './intents';
