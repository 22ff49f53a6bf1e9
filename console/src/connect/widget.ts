import { browserFetch } from './browserFetch';
import css from './connect.css?inline';
import { defineConnectElement } from './widgetElement';

/** `<wawp-connect>`, defined as soon as the module is imported. */
export const ConnectElement = defineConnectElement({ css, fetch: browserFetch });
