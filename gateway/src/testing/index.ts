export { TEST_DATABASE_URL } from './database-url';
export { type LabelledEvent, labelOf } from './event-label';
export { nextEvents } from './next-events';
