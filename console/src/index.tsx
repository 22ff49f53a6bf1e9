import { render } from 'solid-js/web';
import { App } from './App';
import { takeKeyFromFragment } from './lib/auth';
import { loadConfig } from './lib/config';
import './styles.css';

// before anything renders: take `#key=…` out of the address bar (App signs in with it, or asks
// first when this tab is signed in with another key)
const linkKey = takeKeyFromFragment(window.location, window.history);

const root = document.getElementById('root');
if (!root) {
  throw new Error('index.html has no #root element');
}
render(
  () => (
    <App
      config={loadConfig()}
      storage={window.sessionStorage}
      themeStorage={window.localStorage}
      linkKey={linkKey}
    />
  ),
  root,
);
