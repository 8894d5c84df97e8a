// The counter app: the officer terminal, and lazily the rating pad, supervisor and admin screens.
import { render } from 'solid-js/web';
import '../web/base.css';
import { Router } from './router';

render(() => <Router />, document.getElementById('root')!);
