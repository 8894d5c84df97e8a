// Links into the booking endpoints that the page hands to the browser rather than fetches.
import { api } from '../../web/api';

/** The booking routes are part of the one API client (server/booking, mounted in ApiType). */
export const bookingApi = api;

/** The booking's calendar file, for an <a href download>. */
export const icsUrl = (token: string) => `/api/appointments/${encodeURIComponent(token)}/calendar.ics`;

export const manageUrl = (token: string) => `${location.origin}/a/${token}`;
