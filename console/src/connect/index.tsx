import { render } from 'solid-js/web';
import { createConnectApi } from './api';
import { browserFetch } from './browserFetch';
import { ConnectApp } from './ConnectApp';
import { createConnectClient } from './client';
import { openPageSession } from './pageToken';
import './connect.css';
import './page.css';

// the page is served by the same origin as /connect/session and /connect/graphql, so the
// HttpOnly cookie set by the token exchange is the credential from then on
const origin = window.location.origin;
const api = createConnectApi({ origin, fetch: browserFetch });

const root = document.getElementById('root');
if (!root) {
  throw new Error('connect.html has no #root element');
}
render(
  () => (
    <ConnectApp
      open={() => openPageSession(api, window.location, window.history)}
      recheck={api.current}
      makeClient={(onLinkEnded) => createConnectClient({ origin, onLinkEnded })}
      redirect={(url) => window.location.assign(url)}
      setTitle={(title) => {
        document.title = title;
      }}
    />
  ),
  root,
);
