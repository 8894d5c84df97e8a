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

export const feedbackStates = ['new', 'answered', 'closed'] as const;
export type FeedbackState = (typeof feedbackStates)[number];

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
