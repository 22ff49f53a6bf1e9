import type { Component } from 'solid-js';
import { type FragmentType, getFragmentData, graphql } from '../gql';

export const AccountCard_account = graphql(`
  fragment AccountCard_account on Account {
    id
    pushName
  }
`);

/** The phone number part of a WhatsApp id such as `201145202826@c.us`. */
const phoneOf = (id: string) => `+${id.split('@')[0]?.split(':')[0] ?? id}`;

/** The WORKING state: a success mark and the linked account's details. */
export const AccountCard: Component<{ account: FragmentType<typeof AccountCard_account> }> = (
  props,
) => {
  const account = () => getFragmentData(AccountCard_account, props.account);
  return (
    <div class="success">
      <svg class="success-mark" viewBox="0 0 52 52" aria-hidden="true">
        <circle cx="26" cy="26" r="24" />
        <path d="M14 27 l8 8 l16 -17" />
      </svg>
      <div>
        <p class="success-title">Linked to WhatsApp</p>
        <dl class="facts">
          <dt>Account name</dt>
          <dd class="account-name">{account().pushName ?? '(no name set)'}</dd>
          <dt>Phone</dt>
          <dd>{phoneOf(account().id)}</dd>
          <dt>WhatsApp id</dt>
          <dd>
            <code>{account().id}</code>
          </dd>
        </dl>
      </div>
    </div>
  );
};
