// The lobby TV: /display?office=<id> (default: the first office), &counters=1,2,3 to show only
// one hall's counters, &lang=en for English labels (the voice stays Vietnamese). On the TV, start
// Chromium in kiosk mode with --autoplay-policy=no-user-gesture-required so it speaks without a
// click; otherwise the page shows a "Bật âm thanh" button until someone presses it.
import '../web/base.css';
import './display.css';
import { render } from 'solid-js/web';
import { App } from './app';
import { parseCounterFilter } from './calls';
import { createDisplay } from './state';
import { t } from './text';

const query = new URLSearchParams(location.search);

render(() => {
  const state = createDisplay({ counters: parseCounterFilter(query.get('counters')) });
  document.title = t('title');
  return <App state={state} />;
}, document.getElementById('root')!);
