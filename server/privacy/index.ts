export { maskName, maskPhone } from './mask';
export { type Purged, purgeExpired } from './retention';
