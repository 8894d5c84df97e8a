// The resident app's name for web/api.ts's unwrap (typed by the route's success body).
export { unwrap as call } from '../../web/api';
