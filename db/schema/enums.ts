// The closed sets of values the tables' text columns hold, shared by both dialects.

// A city leader reads every office and changes none (server/staff/scope.ts).
export const staffRoles = ['admin', 'supervisor', 'officer', 'city'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const counterStatuses = ['open', 'paused', 'closed'] as const;
export type CounterStatus = (typeof counterStatuses)[number];

export const ticketStates = ['waiting', 'called', 'serving', 'on_hold', 'done', 'no_show', 'cancelled'] as const;
export type TicketState = (typeof ticketStates)[number];

export const ticketSources = ['walk_in', 'booking'] as const;
export type TicketSource = (typeof ticketSources)[number];

export const deviceKinds = ['display', 'kiosk', 'pad'] as const;
export type DeviceKind = (typeof deviceKinds)[number];

export const appointmentStates = ['booked', 'checked_in', 'cancelled', 'no_show'] as const;
export type AppointmentState = (typeof appointmentStates)[number];

/**
 * One state machine for every feedback item, whether an unhappy rating opened it or a resident
 * sent it through /feedback (server/feedback): new -> assigned -> answered -> closed.
 */
export const feedbackStates = ['new', 'assigned', 'answered', 'closed'] as const;
export type FeedbackState = (typeof feedbackStates)[number];

/** Where a feedback item came from: an unhappy rating at a counter, or the feedback channel. */
export const feedbackSources = ['rating', 'channel'] as const;
export type FeedbackSource = (typeof feedbackSources)[number];

/** The channel's categories; each has its own answer time in working days (server/feedback). */
export const feedbackCategories = ['attitude', 'procedures', 'facilities', 'waiting', 'online', 'other'] as const;
export type FeedbackCategory = (typeof feedbackCategories)[number];

/** What happened to a feedback item, one row each (feedback_steps). */
export const feedbackStepKinds = ['received', 'assigned', 'reassigned', 'reminded', 'escalated', 'answered', 'closed'] as const;
export type FeedbackStepKind = (typeof feedbackStepKinds)[number];

/** A dossier's states (DESIGN.md capability 12; moves in server/dossiers/store.ts). */
export const dossierStates = [
  'received',
  'processing',
  'supplement_requested',
  'result_ready',
  'returned',
  'refused',
  'withdrawn',
] as const;
export type DossierState = (typeof dossierStates)[number];

/** A resident's place at an outreach session (server/outreach). */
export const outreachBookingStates = ['booked', 'checked_in', 'cancelled'] as const;
export type OutreachBookingState = (typeof outreachBookingStates)[number];
