import type { Component } from 'solid-js';

/** Why the link cannot be used; `unknown` covers a mistyped link and a missing cookie. */
export type EndedState = 'expired' | 'revoked' | 'used' | 'unknown';

/** The status sentence of each ended link. */
export const ENDED_TITLES: Record<EndedState, string> = {
  expired: 'This link has expired',
  revoked: 'This link is no longer valid',
  used: 'This link was already used: your WhatsApp is connected',
  unknown: 'This link is not valid',
};

const ask = (name: string | null) => `Ask ${name ?? 'whoever sent it'} for a new link.`;

/** The body under an ended link's status sentence (the shell adds the support link). */
export const LinkEnded: Component<{ state: EndedState; displayName: string | null }> = (props) => {
  const text = () => {
    switch (props.state) {
      case 'used':
        return 'There is nothing more to do here.';
      case 'unknown':
        return `Check that you opened the whole link. ${ask(props.displayName)}`;
      default:
        return ask(props.displayName);
    }
  };
  return (
    <div class="connect-body connect-ended" data-state={props.state}>
      <p>{text()}</p>
    </div>
  );
};
