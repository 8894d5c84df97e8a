import '../web/base.css';
import './display.css';
import { render } from 'solid-js/web';
import { App } from './app';
import { parseCounterFilter } from './calls';
import { createDisplay } from './state';
import { t } from './text';

const query = new URLSearchParams(location.search);
const office = Number(query.get('office'));

render(() => {
  const state = createDisplay({
    officeId: Number.isInteger(office) && office > 0 ? office : null,
    counters: parseCounterFilter(query.get('counters')),
  });
  document.title = t('title');
  return <App state={state} />;
}, document.getElementById('root')!);
