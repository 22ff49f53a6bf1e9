import { builder } from '../builder';
import './account';
import './api-key';
import './connect-links';
import './instance';
import './instance-admin';
import './notifications';
import './pairing';
import './qr-code';
import './screenshot';
import './session';
import './session-control';
import './session-event-types';
import './session-events';
import './tenant';
import './tenant-branding';
import './viewer';

/** The executable schema of the gateway; its printed form is `schema/schema.graphql`. */
export const schema = builder.toSchema();
