// Where the counter app is: the current path as a signal, and moving to another screen without
// a page load. The router reads it to pick a screen; the screens use it to move on.
import { createSignal } from 'solid-js';

const normalize = (p: string) => p.replace(/\/+$/, '') || '/';
const [path, setPath] = createSignal(normalize(location.pathname));
window.addEventListener('popstate', () => setPath(normalize(location.pathname)));

export { path };

/** Moves to another screen of this app, keeping the query string (office, lang). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = to + location.search;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  setPath(normalize(to));
}
