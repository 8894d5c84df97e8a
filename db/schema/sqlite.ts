// The data model on SQLite (the embedded default). Times are integer UTC epoch milliseconds;
// "local day" columns are the office-local calendar day (YYYY-MM-DD) computed when the row is
// written. Its PostgreSQL twin is ./pg.ts; ./parity.ts checks at compile time that both give
// every table the same columns with the same TypeScript types.
import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  appointmentStates,
  counterStatuses,
  deviceKinds,
  dossierStates,
  feedbackCategories,
  feedbackSources,
  feedbackStates,
  feedbackStepKinds,
  outreachBookingStates,
  staffRoles,
  ticketSources,
  ticketStates,
} from './enums';

export const offices = sqliteTable('offices', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  address: text('address').notNull(),
  timezone: text('timezone').notNull().default('Asia/Ho_Chi_Minh'),
  // Where the centre is (WGS 84), for residents sorting centres by distance in the browser.
  latitude: real('latitude'),
  longitude: real('longitude'),
  // Validated by server/offices/settings.ts (priority categories, fairness, windows, targets);
  // one JSON document so a new setting needs no migration.
  settings: text('settings', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
  createdAt: integer('created_at').notNull(),
});

export const sectors = sqliteTable(
  'sectors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('sectors_office').on(t.officeId, t.position)],
);

export const services = sqliteTable(
  'services',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    sectorId: integer('sector_id')
      .notNull()
      .references(() => sectors.id),
    // The national procedure code (mã thủ tục hành chính), shown on slips and reports.
    code: text('code').notNull(),
    name: text('name').notNull(),
    // One or two capital letters; tickets are numbered per prefix per local day.
    prefix: text('prefix').notNull(),
    avgServiceMinutes: integer('avg_service_minutes').notNull(),
    // The procedure's legal processing time in working days (0: same day), for dossiers' due dates.
    processingDays: integer('processing_days').notNull().default(0),
    bookable: integer('bookable', { mode: 'boolean' }).notNull().default(true),
    slotMinutes: integer('slot_minutes').notNull().default(30),
    // A fixed number of bookings per slot; null = derived from counters and service time.
    capacityPerSlot: integer('capacity_per_slot'),
    whatToBring: text('what_to_bring'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('services_office').on(t.officeId, t.position)],
);

export const staff = sqliteTable('staff', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  // Null for an admin who manages every office (or a city leader, who reads them all).
  officeId: integer('office_id').references(() => offices.id),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: staffRoles }).notNull(),
  // scrypt, as "scrypt$N$r$p$salt$hash" (server/staff/password.ts).
  passwordHash: text('password_hash').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
});

export const counters = sqliteTable(
  'counters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: counterStatuses }).notNull().default('closed'),
    pauseReason: text('pause_reason'),
    // The officer who opened the counter: only they may act on it until it closes.
    officerId: integer('officer_id').references(() => staff.id),
    // The ticket called or being served here; on-hold tickets are found by tickets.counter_id.
    currentTicketId: integer('current_ticket_id').references((): AnySQLiteColumn => tickets.id),
    // For the interleave rule: how many priority calls this counter made in a row.
    priorityStreak: integer('priority_streak').notNull().default(0),
    openedAt: integer('opened_at'),
    // How fast this counter serves, as a running mean of (its measured service time / the
    // service's mean then): the estimate's forward simulation scales service times by it. Null
    // until measured.
    speedRatio: real('speed_ratio'),
    speedSamples: integer('speed_samples').notNull().default(0),
  },
  (t) => [uniqueIndex('counters_office_number').on(t.officeId, t.number)],
);

export const counterServices = sqliteTable(
  'counter_services',
  {
    counterId: integer('counter_id')
      .notNull()
      .references(() => counters.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    // Order in which the counter lists its services (its main service first).
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.counterId, t.serviceId] }), index('counter_services_service').on(t.serviceId)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    // sha256 of the cookie value, so a leaked database does not leak live sessions.
    idHash: text('id_hash').primaryKey(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('sessions_staff').on(t.staffId)],
);

export const devices = sqliteTable(
  'devices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    kind: text('kind', { enum: deviceKinds }).notNull(),
    name: text('name').notNull(),
    // A rating pad belongs to one counter; a display may be zoned by the URL instead.
    counterId: integer('counter_id').references(() => counters.id),
    // One-time pairing token (hashed); cleared once used.
    pairTokenHash: text('pair_token_hash').unique(),
    // The long-lived device cookie (hashed), set when the pair link is opened.
    tokenHash: text('token_hash').unique(),
    createdAt: integer('created_at').notNull(),
    pairedAt: integer('paired_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('devices_office').on(t.officeId)],
);

// The last number handed out per office, prefix and local day: allocation is one conditional
// upsert inside the ticket's transaction, so numbers never skip or repeat.
export const ticketSequences = sqliteTable(
  'ticket_sequences',
  {
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    prefix: text('prefix').notNull(),
    localDay: text('local_day').notNull(),
    lastSeq: integer('last_seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.prefix, t.localDay] })],
);

export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    localDay: text('local_day').notNull(),
    prefix: text('prefix').notNull(),
    seq: integer('seq').notNull(),
    number: text('number').notNull(),
    // Capability URL of the live ticket page (/t/<token>): random, unguessable.
    token: text('token').notNull().unique(),
    source: text('source', { enum: ticketSources }).notNull().default('walk_in'),
    // One of the office's priority category codes, or null.
    priority: text('priority'),
    // Line class: 0 priority, 1 checked-in booking, 2 everyone else. Kept in the row so the
    // waiting line is one index range scan.
    queueClass: integer('queue_class').notNull(),
    appointmentId: integer('appointment_id').references((): AnySQLiteColumn => appointments.id),
    // For a checked-in booking: its slot start, which decides when the booking class applies.
    slotStart: integer('slot_start'),
    state: text('state', { enum: ticketStates }).notNull().default('waiting'),
    issuedAt: integer('issued_at').notNull(),
    // The time that orders the line: issue or check-in time, kept across transfers.
    queuedAt: integer('queued_at').notNull(),
    calledAt: integer('called_at'),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    endedAt: integer('ended_at'),
    // Counter that called, serves or holds the ticket (the last one, once it has ended).
    counterId: integer('counter_id').references(() => counters.id),
    officerId: integer('officer_id').references(() => staff.id),
    // Set by a transfer to a specific counter: only that counter calls it while it is open.
    targetCounterId: integer('target_counter_id').references(() => counters.id),
    recallCount: integer('recall_count').notNull().default(0),
    // When the ticket entered its current state: on each move the time spent is added to the
    // bucket of the state it leaves, so the measured timings below need no scan of the events.
    stateSince: integer('state_since').notNull(),
    // Measured timings in milliseconds, summed over every period in that state (a transferred
    // ticket waits twice): waiting (issue or check-in to call), walking (call to start),
    // serving, on hold.
    waitMs: integer('wait_ms').notNull().default(0),
    walkMs: integer('walk_ms').notNull().default(0),
    serviceMs: integer('service_ms').notNull().default(0),
    holdMs: integer('hold_ms').notNull().default(0),
    // The estimate shown when the ticket was issued, to measure the estimate's accuracy.
    etaMinutesAtIssue: integer('eta_minutes_at_issue'),
    // The range shown with it ("khoảng 15–25 phút"): the report counts the waits that fell inside.
    etaLowMinutes: integer('eta_low_minutes'),
    etaHighMinutes: integer('eta_high_minutes'),
    endReason: text('end_reason'),
  },
  (t) => [
    uniqueIndex('tickets_office_prefix_day_seq').on(t.officeId, t.prefix, t.localDay, t.seq),
    // The waiting line of a service, in call order within a class.
    index('tickets_line').on(t.serviceId, t.state, t.queueClass, t.queuedAt, t.id),
    index('tickets_office_state').on(t.officeId, t.state, t.serviceId),
    index('tickets_office_day').on(t.officeId, t.localDay),
    // Only the tickets that have a counter: a waiting ticket has none, so issuing one writes
    // neither index, and a call adds one entry instead of moving one out of the crowd of nulls
    // (a call commits fewer pages; every query of these asks for one counter, which implies it).
    index('tickets_counter_state').on(t.counterId, t.state).where(sql`counter_id is not null`),
    index('tickets_target_state').on(t.targetCounterId, t.state).where(sql`target_counter_id is not null`),
  ],
);

export const ticketEvents = sqliteTable(
  'ticket_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    // issued, checked_in, called, recalled, started, held, finished, no_show, cancelled, transferred
    type: text('type').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    at: integer('at').notNull(),
    counterId: integer('counter_id').references(() => counters.id),
    officerId: integer('officer_id').references(() => staff.id),
    reason: text('reason'),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('ticket_events_ticket').on(t.ticketId, t.id), index('ticket_events_office_at').on(t.officeId, t.at)],
);

// The public event log: every pushed fact with an increasing id, written in the same
// transaction as the change, so a reconnecting client can be replayed exactly what it missed.
export const publicEvents = sqliteTable(
  'public_events',
  {
    // Per office, in commit order: taken from office_event_counters inside the writing
    // transaction (server/events.ts), so a reader that has seen id N of an office never later
    // finds a smaller one committed.
    id: integer('id').notNull(),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    // call | ticket | counter
    kind: text('kind').notNull(),
    // Routing keys: a phone replays by token, staff by office.
    ticketToken: text('ticket_token'),
    counterId: integer('counter_id'),
    payload: text('payload', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    at: integer('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.officeId, t.id] }),
    // The office's calls, for a display that opens (recentCalls asks for kind = 'call' as a
    // literal, which the index's condition needs); other kinds are replayed along the key.
    index('public_events_calls').on(t.officeId, t.id).where(sql`kind = 'call'`),
    // A phone's replay of its own ticket; staff events carry no token and stay out of it.
    index('public_events_token').on(t.ticketToken, t.id).where(sql`ticket_token is not null`),
  ],
);

// The last event id given out per office: its row is updated by every change that logs an
// event, and held locked until that change commits, so ids of an office follow commit order.
export const officeEventCounters = sqliteTable('office_event_counters', {
  officeId: integer('office_id')
    .primaryKey()
    .references(() => offices.id),
  lastEventId: integer('last_event_id').notNull(),
});

// Recent measured service times per service, for the estimated wait (a running mean over the
// last completions, so estimating never scans the day's tickets).
export const serviceStats = sqliteTable('service_stats', {
  serviceId: integer('service_id')
    .primaryKey()
    .references(() => services.id),
  // Exponentially weighted mean of measured service time, milliseconds.
  ewmaServiceMs: integer('ewma_service_ms').notNull(),
  samples: integer('samples').notNull().default(0),
  // The spread of service times for the estimate's forward simulation (log-normal): running
  // means of ln(ms) and of its squared deviation. Null for rows written before they were kept.
  logMean: real('log_mean'),
  logVar: real('log_var'),
  updatedAt: integer('updated_at').notNull(),
});

// Waiting tickets per service line and class, kept by tickets/store (insertTicket and
// moveTicket, the only writers of a ticket's state): a new ticket's place and the displays'
// waiting counts are read here, however long the line has grown.
export const waitingCounts = sqliteTable(
  'waiting_counts',
  {
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    queueClass: integer('queue_class').notNull(),
    waiting: integer('waiting').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.queueClass] }), index('waiting_counts_office').on(t.officeId)],
);

export const openingHours = sqliteTable(
  'opening_hours',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    // 0 = Sunday .. 6 = Saturday (office-local).
    weekday: integer('weekday').notNull(),
    // Minutes after local midnight: 450 = 07:30.
    opensAt: integer('opens_at').notNull(),
    closesAt: integer('closes_at').notNull(),
  },
  (t) => [index('opening_hours_office').on(t.officeId, t.weekday)],
);

export const holidays = sqliteTable(
  'holidays',
  {
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    date: text('date').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.date] })],
);

export const appointments = sqliteTable(
  'appointments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    // Short, unambiguous code typed at the kiosk (no 0/O, 1/I).
    code: text('code').notNull(),
    // Capability token for the manage page (/a/<token>).
    token: text('token').notNull().unique(),
    slotStart: integer('slot_start').notNull(),
    slotEnd: integer('slot_end').notNull(),
    localDay: text('local_day').notNull(),
    // Personal fields: cleared by the retention job (purgedAt set).
    name: text('name'),
    phone: text('phone'),
    // sha256 with the office's pepper; never shown.
    idNumberHash: text('id_number_hash'),
    priority: text('priority'),
    state: text('state', { enum: appointmentStates }).notNull().default('booked'),
    ticketId: integer('ticket_id').references((): AnySQLiteColumn => tickets.id),
    createdAt: integer('created_at').notNull(),
    cancelledAt: integer('cancelled_at'),
    // Why the office cancelled it (a holiday or changed hours), shown on the booking's page; null
    // when the resident cancelled.
    cancelReason: text('cancel_reason'),
    purgedAt: integer('purged_at'),
  },
  (t) => [
    uniqueIndex('appointments_office_code').on(t.officeId, t.code),
    // One active booking per phone per service per day.
    uniqueIndex('appointments_one_per_phone').on(t.serviceId, t.localDay, t.phone).where(sql`state in ('booked', 'checked_in')`),
    uniqueIndex('appointments_one_per_id')
      .on(t.serviceId, t.localDay, t.idNumberHash)
      .where(sql`state in ('booked', 'checked_in') and id_number_hash is not null`),
    index('appointments_slot').on(t.serviceId, t.slotStart),
    // The no-show sweep: booked appointments whose slot has ended, without scanning history.
    index('appointments_state_end').on(t.officeId, t.state, t.slotEnd),
  ],
);

// Places taken per service slot: a booking is one conditional update (booked < capacity).
export const slotLedger = sqliteTable(
  'slot_ledger',
  {
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    slotStart: integer('slot_start').notNull(),
    capacity: integer('capacity').notNull(),
    booked: integer('booked').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.slotStart] })],
);

export const idempotencyKeys = sqliteTable('idempotency_keys', {
  key: text('key').primaryKey(),
  officeId: integer('office_id').notNull(),
  status: integer('status').notNull(),
  response: text('response', { mode: 'json' }).notNull().$type<unknown>(),
  createdAt: integer('created_at').notNull(),
});

export const ratings = sqliteTable(
  'ratings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    ticketId: integer('ticket_id')
      .notNull()
      .unique()
      .references(() => tickets.id),
    level: integer('level').notNull(),
    // Number of levels of the scale the level was given on (5 or 3).
    scale: integer('scale').notNull(),
    // SIPAS factors and trips, as answered on the phone survey.
    answers: text('answers', { mode: 'json' }).$type<Record<string, unknown>>(),
    comment: text('comment'),
    // pad | phone
    channel: text('channel').notNull(),
    // The visit as measured when rated.
    waitMs: integer('wait_ms'),
    serviceMs: integer('service_ms'),
    serviceId: integer('service_id').notNull(),
    counterId: integer('counter_id'),
    officerId: integer('officer_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('ratings_office_at').on(t.officeId, t.createdAt)],
);

// One inbox for residents' feedback (server/feedback): items an unhappy rating opened at a
// counter and items sent through the feedback channel (/feedback), with one state machine.
export const feedback = sqliteTable(
  'feedback',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // The centre the item is routed to now (reassignment changes it); null: the city's own, when
    // the sender named no centre.
    officeId: integer('office_id').references(() => offices.id),
    source: text('source', { enum: feedbackSources }).notNull().default('rating'),
    // A rating's item: the rating and its ticket (the ticket's page shows the answer).
    ratingId: integer('rating_id').references(() => ratings.id),
    ticketId: integer('ticket_id').references(() => tickets.id),
    // A channel item: its code (not secret, quoted on the phone) and the tracking page's token.
    code: text('code'),
    token: text('token'),
    category: text('category', { enum: feedbackCategories }).notNull().default('other'),
    // 'feedback' (phản ánh) or 'proposal' (kiến nghị).
    kind: text('kind').notNull().default('feedback'),
    text: text('text'),
    // Personal, optional, never published; purged with the other personal fields after retention.
    senderName: text('sender_name'),
    senderPhone: text('sender_phone'),
    // The sender agreed that the answer (and the question, personal data removed) be published.
    publish: integer('publish', { mode: 'boolean' }).notNull().default(false),
    state: text('state', { enum: feedbackStates }).notNull().default('new'),
    // The supervisor (or city leader) handling it, once someone took it or was given it.
    assignedTo: integer('assigned_to').references(() => staff.id),
    assignedAt: integer('assigned_at'),
    answer: text('answer'),
    answeredBy: integer('answered_by').references(() => staff.id),
    answeredAt: integer('answered_at'),
    closedAt: integer('closed_at'),
    createdAt: integer('created_at').notNull(),
    // When the answer is due: fixed at receipt from the category's working days on the calendar
    // (null on items older than the channel; their due time is computed the old way).
    dueAt: integer('due_at'),
    // The reminder before the due time and the escalation to the city once late, each sent once.
    remindedAt: integer('reminded_at'),
    escalatedAt: integer('escalated_at'),
  },
  (t) => [
    index('feedback_office_state').on(t.officeId, t.state),
    uniqueIndex('feedback_code').on(t.code),
    uniqueIndex('feedback_token').on(t.token),
    index('feedback_state_due').on(t.state, t.dueAt),
  ],
);

// What happened to a feedback item, in order: received, assigned, reassigned between centres,
// reminded, escalated, answered, closed; the staff view shows it as the item's history.
export const feedbackSteps = sqliteTable(
  'feedback_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    feedbackId: integer('feedback_id')
      .notNull()
      .references(() => feedback.id),
    kind: text('kind', { enum: feedbackStepKinds }).notNull(),
    // The centre the item was at after this step (null: the city).
    officeId: integer('office_id').references(() => offices.id),
    staffId: integer('staff_id').references(() => staff.id),
    note: text('note'),
    at: integer('at').notNull(),
  },
  (t) => [index('feedback_steps_feedback').on(t.feedbackId, t.id)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id'),
    staffId: integer('staff_id').references(() => staff.id),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    at: integer('at').notNull(),
  },
  (t) => [index('audit_log_office_at').on(t.officeId, t.at)],
);

// The units of an office that dossiers go through (the one-stop counter, the land registration
// office, the tax office...): admin-edited (server/dossiers/units.ts); a dossier's hand-offs name them.
export const officeUnits = sqliteTable(
  'office_units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    name: text('name').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('office_units_office_name').on(t.officeId, t.name)],
);

// Dossiers (server/dossiers): received at a counter while a ticket is served, tracked to the
// result. `dueAt` is the promised instant in working days; it moves only when papers asked for
// come back (the clock stopped meanwhile), never for an apology.
export const dossiers = sqliteTable(
  'dossiers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    ticketId: integer('ticket_id').references(() => tickets.id),
    counterId: integer('counter_id').references(() => counters.id),
    // Printed on the receipt: the office, the day and a daily sequence (unique across the city).
    code: text('code').notNull().unique(),
    // The resident's page (/h/<token>): unguessable.
    token: text('token').notNull().unique(),
    applicantName: text('applicant_name'),
    phone: text('phone'),
    papers: text('papers', { mode: 'json' }).notNull().$type<string[]>(),
    state: text('state', { enum: dossierStates }).notNull(),
    receivedAt: integer('received_at').notNull(),
    dueAt: integer('due_at').notNull(),
    // Since when papers are awaited (supplement_requested): the clock stops.
    pausedAt: integer('paused_at'),
    resultReadyAt: integer('result_ready_at'),
    returnedAt: integer('returned_at'),
    endedAt: integer('ended_at'),
    // The last reason given: what papers are missing, why it was refused.
    lastReason: text('last_reason'),
    receivedBy: integer('received_by').references(() => staff.id),
    // The unit holding it now (its last hand-off); null: still at the counter that received it.
    unitId: integer('unit_id').references(() => officeUnits.id),
    // The receiving officer's note on the receipt.
    note: text('note'),
    // The result-return ticket taken for it at the kiosk: a second scan while it waits gives the same one.
    pickupTicketId: integer('pickup_ticket_id').references(() => tickets.id),
  },
  (t) => [index('dossiers_office_received').on(t.officeId, t.receivedAt), index('dossiers_office_state').on(t.officeId, t.state)],
);

export const dossierSequences = sqliteTable(
  'dossier_sequences',
  {
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    day: text('day').notNull(),
    lastSeq: integer('last_seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.day] })],
);

export const dossierSteps = sqliteTable(
  'dossier_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dossierId: integer('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    at: integer('at').notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    fromState: text('from_state', { enum: dossierStates }),
    toState: text('to_state', { enum: dossierStates }).notNull(),
    reason: text('reason'),
    // 'state' (a move) or 'handoff' (to another unit; the state stays).
    kind: text('kind').notNull().default('state'),
    // The unit holding the dossier after this step.
    unitId: integer('unit_id').references(() => officeUnits.id),
  },
  (t) => [index('dossier_steps_dossier').on(t.dossierId)],
);

export const dossierApologies = sqliteTable(
  'dossier_apologies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dossierId: integer('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    at: integer('at').notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    reason: text('reason').notNull(),
    newDueAt: integer('new_due_at').notNull(),
    signer: text('signer'),
    // The unit at fault (the one holding the dossier when the apology was recorded).
    unitId: integer('unit_id').references(() => officeUnits.id),
  },
  (t) => [index('dossier_apologies_dossier').on(t.dossierId)],
);

// A request for more papers (form 02): what is missing and why; `resolvedAt` when they came back.
export const dossierSupplements = sqliteTable(
  'dossier_supplements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dossierId: integer('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    at: integer('at').notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    reason: text('reason').notNull(),
    missing: text('missing', { mode: 'json' }).notNull().$type<string[]>(),
    unitId: integer('unit_id').references(() => officeUnits.id),
    resolvedAt: integer('resolved_at'),
  },
  (t) => [index('dossier_supplements_dossier').on(t.dossierId)],
);

// A refusal (form 03): the reason, who and when.
export const dossierRefusals = sqliteTable(
  'dossier_refusals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dossierId: integer('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    at: integer('at').notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    reason: text('reason').notNull(),
    unitId: integer('unit_id').references(() => officeUnits.id),
  },
  (t) => [index('dossier_refusals_dossier').on(t.dossierId)],
);

// One row per office and local day, written once when the day has ended (server/city/daily.ts):
// the open statistics and the city's comparisons read these, never the day's tickets. Counts and
// sums rather than averages, so days and centres add up exactly; waits as a histogram of whole
// minutes (index = minute, the last bucket 'or more'), so a period's percentiles are exact to the
// minute.
export const officeDailyStats = sqliteTable(
  'office_daily_stats',
  {
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    day: text('day').notNull(),
    issued: integer('issued').notNull(),
    served: integer('served').notNull(),
    noShows: integer('no_shows').notNull(),
    servedWithinTarget: integer('served_within_target').notNull(),
    waitHistogram: text('wait_histogram', { mode: 'json' }).notNull().$type<number[]>(),
    bookingsCheckedIn: integer('bookings_checked_in').notNull(),
    bookingsNoShow: integer('bookings_no_show').notNull(),
    responses: integer('responses').notNull(),
    satisfied: integer('satisfied').notNull(),
    // SIPAS factors: the sum of the levels given and how many gave one, per factor.
    factors: text('factors', { mode: 'json' }).notNull().$type<Record<string, { sum: number; n: number }>>(),
    etaAbsErrorMinutes: real('eta_abs_error_minutes').notNull(),
    etaErrorMinutes: real('eta_error_minutes').notNull(),
    etaCount: integer('eta_count').notNull(),
    dossiersReceived: integer('dossiers_received').notNull().default(0),
    dossiersResolved: integer('dossiers_resolved').notNull().default(0),
    dossiersOnTime: integer('dossiers_on_time').notNull().default(0),
    dossiersLate: integer('dossiers_late').notNull().default(0),
    feedbackReceived: integer('feedback_received').notNull().default(0),
    feedbackAnsweredOnTime: integer('feedback_answered_on_time').notNull().default(0),
    feedbackLate: integer('feedback_late').notNull().default(0),
    computedAt: integer('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.day] }), index('office_daily_stats_day').on(t.day)],
);

// Server-wide secrets generated on first use, e.g. the pepper the CCCD numbers are hashed with
// (booking): random per installation, so hashes cannot be matched across databases.
export const serverSecrets = sqliteTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: integer('created_at').notNull(),
});

// Outreach sessions (server/outreach, DESIGN.md capability 16): a centre's officers helping
// residents with online public services where they live: a place, a time, a capacity.
export const outreachSessions = sqliteTable(
  'outreach_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    placeName: text('place_name').notNull(),
    address: text('address').notNull(),
    latitude: real('latitude'),
    longitude: real('longitude'),
    startsAt: integer('starts_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    capacity: integer('capacity').notNull(),
    // Places taken, raised only while below capacity in the booking's own statement: never more
    // bookings than places, whatever the rush.
    booked: integer('booked').notNull().default(0),
    // The procedures offered (services of the office) and the officers going (staff ids).
    serviceIds: text('service_ids', { mode: 'json' }).notNull().$type<number[]>(),
    officerIds: text('officer_ids', { mode: 'json' }).notNull().$type<number[]>(),
    cancelledAt: integer('cancelled_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('outreach_sessions_office_start').on(t.officeId, t.startsAt), index('outreach_sessions_start').on(t.startsAt)],
);

// A resident's place at a session, booked like a slot: a code for the QR, a token for the page.
export const outreachBookings = sqliteTable(
  'outreach_bookings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: integer('session_id')
      .notNull()
      .references(() => outreachSessions.id),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    code: text('code').notNull(),
    token: text('token').notNull(),
    serviceId: integer('service_id').references(() => services.id),
    // Personal; cleared with the centre's retention.
    name: text('name'),
    phone: text('phone'),
    state: text('state', { enum: outreachBookingStates }).notNull().default('booked'),
    createdAt: integer('created_at').notNull(),
    checkedInAt: integer('checked_in_at'),
    cancelledAt: integer('cancelled_at'),
  },
  (t) => [
    uniqueIndex('outreach_bookings_code').on(t.code),
    uniqueIndex('outreach_bookings_token').on(t.token),
    index('outreach_bookings_session_phone').on(t.sessionId, t.phone),
  ],
);

// What was done for one resident at a session (or, with sessionId null, an officer's mark at a
// centre's counter that they helped a resident file online). `clientKey` is the idempotency key
// the officer's laptop made when the action was taken, possibly offline: a second delivery of the
// same action finds it and changes nothing.
export const outreachVisits = sqliteTable(
  'outreach_visits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    sessionId: integer('session_id').references(() => outreachSessions.id),
    bookingId: integer('booking_id').references(() => outreachBookings.id),
    ticketId: integer('ticket_id').references(() => tickets.id),
    serviceId: integer('service_id').references(() => services.id),
    filedOnline: integer('filed_online', { mode: 'boolean' }).notNull().default(false),
    // The national portal's dossier code, when the officer noted it.
    portalCode: text('portal_code'),
    eidSetUp: integer('eid_set_up', { mode: 'boolean' }).notNull().default(false),
    // The resident's rating on the office's scale, as at a counter.
    level: integer('level'),
    scale: integer('scale'),
    officerId: integer('officer_id').references(() => staff.id),
    clientKey: text('client_key').notNull(),
    // When the officer took the action (the laptop's clock), and when it reached the server.
    doneAt: integer('done_at').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('outreach_visits_key').on(t.clientKey),
    index('outreach_visits_session').on(t.sessionId),
    index('outreach_visits_office_at').on(t.officeId, t.doneAt),
  ],
);
