// The one typed Socket.IO contract, imported by the server and by every front-end.
// Event names are the public contract (DESIGN.md); payloads carry public data only, except
// `counter`, which goes to staff sockets alone.
import type { DossierState, FeedbackCategory, FeedbackState, TicketState } from '../../db/schema';

export interface CallEvent {
  eventId: number;
  ticketId: number;
  number: string;
  counterNumber: number;
  counterId: number;
  serviceId: number;
  /** ISO instant */
  calledAt: string;
  recall: boolean;
}

export interface QueueEvent {
  /** The newest event id committed when the snapshot was taken. */
  eventId: number;
  /** etaMinutes is the point shown; the range ("khoảng 15–25 phút") is etaLowMinutes..etaHighMinutes. */
  services: { serviceId: number; waiting: number; etaMinutes: number; etaLowMinutes?: number; etaHighMinutes?: number }[];
}

export interface TicketView {
  id: number;
  number: string;
  serviceId: number;
  state: TicketState;
  /** 1 = next to be called; 0 once no longer waiting. */
  position: number;
  etaMinutes: number;
  /** The range shown with the estimate (minutes); 0 and 0 once no longer waiting. */
  etaLowMinutes?: number;
  etaHighMinutes?: number;
  counterNumber?: number;
}

export interface TicketEvent extends TicketView {
  eventId: number;
}

export interface CounterView {
  id: number;
  number: number;
  status: 'open' | 'paused' | 'closed';
  pauseReason?: string;
  currentTicketId?: number;
  onHold: number[];
}

export interface CounterEvent extends CounterView {
  eventId: number;
}

export interface ServerToClientEvents {
  call: (e: CallEvent) => void;
  queue: (e: QueueEvent) => void;
  ticket: (e: TicketEvent) => void;
  counter: (e: CounterEvent) => void;
  /** The office's public settings changed (name, ticker, rating scale...): screens refetch them. */
  'office:changed': (e: { eventId: number; officeId: number }) => void;
  /** The centre answered the feedback left on this phone's ticket: only to that ticket's phone. */
  'feedback:answered': (e: FeedbackAnsweredEvent) => void;
  /** A centre's queue changed: its snapshot, to the city page's sockets (coalesced like `queue`). */
  'city:queue': (e: CityQueueEvent) => void;
  /** A dossier changed (or, on connecting, how it is now): to the sockets of its token (/h/<token>). */
  dossier: (e: DossierEvent) => void;
  /** A dossier of the office changed: to its staff sockets (the live list refetches or patches). */
  'dossier:changed': (e: DossierChangedEvent) => void;
  /** A feedback item changed (or, on connecting, how it is now): to its sender's tracking page. */
  feedback: (e: FeedbackPublicView) => void;
  /** A feedback item of the office arrived or changed: to its staff sockets (the inbox refetches). */
  'feedback:changed': (e: FeedbackChange) => void;
}

/** The sender's tracking page (GET /api/feedback/:token): no name, no phone. */
export interface FeedbackPublicView {
  code: string;
  category: FeedbackCategory;
  kind: 'feedback' | 'proposal';
  state: FeedbackState;
  /** The centre it is with now; null: the city. */
  officeName: string | null;
  text: string;
  /** ISO instants */
  createdAt: string;
  dueAt: string;
  late: boolean;
  answer: string | null;
  answeredAt: string | null;
  publish: boolean;
}

export interface FeedbackChange {
  id: number;
  state: FeedbackState;
}

/** What the resident's page shows (GET /api/dossiers/:token): nothing personal. */
export interface DossierPublicView {
  code: string;
  serviceName: string;
  state: DossierState;
  /** ISO instants */
  receivedAt: string;
  /** The original promised instant; lateness counts against it. */
  dueAt: string;
  late: boolean;
  resultReadyAt: string | null;
  returnedAt: string | null;
  /** The latest apology's new date, if any: the date the resident now expects. */
  newDueAt: string | null;
  /** The unit holding the dossier (a hand-off's), null while at the receiving counter. */
  unitName: string | null;
  /** While papers are awaited: why, and which. */
  supplementReason: string | null;
  missingPapers: string[];
  apologies: { at: string; reason: string; newDueAt: string }[];
}

export interface DossierEvent extends DossierPublicView {
  eventId: number;
}

/** For the office's staff: which dossier changed and its new state (no personal data). */
export interface DossierChange {
  id: number;
  code: string;
  serviceId: number;
  state: DossierState;
  dueAt: string;
  late: boolean;
  unitId: number | null;
}

export interface DossierChangedEvent extends DossierChange {
  eventId: number;
}

export interface CityQueueEvent extends QueueEvent {
  officeId: number;
}

export interface FeedbackAnswer {
  ticketId: number;
  answer: string;
  /** ISO instant */
  answeredAt: string;
}

export interface FeedbackAnsweredEvent extends FeedbackAnswer {
  eventId: number;
}

// Clients only listen; writes go over HTTP.
export type ClientToServerEvents = Record<string, never>;

/** What a client puts in `auth` when it connects. */
export interface ClientAuth {
  /** The city page: every centre's queue snapshots, nothing else. */
  city?: boolean;
  officeId?: number | string;
  ticketToken?: string;
  /** The resident's dossier page: that dossier's `dossier` events. */
  dossierToken?: string;
  /** The sender's feedback tracking page: that item's `feedback` pushes. */
  feedbackToken?: string;
  lastEventId?: number;
}

export interface SocketData {
  kind: 'display' | 'phone' | 'staff' | 'city' | 'dossier' | 'feedback';
  officeId: number;
  ticketToken?: string;
  dossierToken?: string;
  feedbackToken?: string;
  staffId?: number;
}
