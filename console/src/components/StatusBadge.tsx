import type { Component } from 'solid-js';

/** Short help per status, shown as the badge's title. */
const HINTS: Record<string, string> = {
  STOPPED: 'Not running',
  STARTING: 'Starting the engine',
  SCAN_QR_CODE: 'Waiting for a phone to link',
  WORKING: 'Linked and connected',
  FAILED: 'Needs a restart',
};

/**
 * The session status as a badge in an element with `role="status"`, whose text is the status
 * itself (`WORKING`, `SCAN_QR_CODE`…). `status: null` reads "loading".
 */
export const StatusBadge: Component<{ status: string | null; label?: string }> = (props) => (
  <span
    role="status"
    class={`badge badge-${(props.status ?? 'unknown').toLowerCase()}`}
    title={props.status ? HINTS[props.status] : 'Loading'}
  >
    <span class="sr-only">{props.label ?? 'Status'}: </span>
    {props.status ?? 'loading…'}
  </span>
);
