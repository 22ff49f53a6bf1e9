import { render } from 'solid-js/web';
import { App } from './App';
import { takeKeyFromFragment } from './lib/auth';
import { loadConfig } from './lib/config';
import './styles.css';

// before anything renders: move `#key=…` from the address bar into sessionStorage
takeKeyFromFragment(window.location, window.history, window.sessionStorage);

const root = document.getElementById('root');
if (!root) {
  throw new Error('index.html has no #root element');
}
render(
  () => (
    <App config={loadConfig()} storage={window.sessionStorage} themeStorage={window.localStorage} />
  ),
  root,
);
