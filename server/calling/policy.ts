// Who is called next (DESIGN.md capability 2). Pure over plain data so every rule is tested
// directly: priority citizens first, then checked-in bookings whose slot is due, then everyone
// by arrival; an interleave rule so priority cannot starve the line; a maximum wait after which
// anyone is lifted to the front; first come, first served within a class.

export interface Candidate {
  id: number;
  serviceId: number;
  /** 0 priority, 1 checked-in booking, 2 everyone else (tickets.queue_class). */
  queueClass: number;
  priority: string | null;
  /** Start of the booked slot, for checked-in bookings. */
  slotStart: number | null;
  /** Issue or check-in time: the place in line. */
  queuedAt: number;
  targetCounterId: number | null;
}

export interface FairnessRule {
  maxPriorityInRow: number;
  maxWaitMinutes: number;
  bookingLeadMinutes: number;
}

export type ReasonCode = 'MAX_WAIT' | 'PRIORITY' | 'BOOKING' | 'INTERLEAVE' | 'ARRIVAL';

export interface Choice {
  ticketId: number;
  reasonCode: ReasonCode;
  /** The class the call counts as, for the interleave streak. */
  countsAsPriority: boolean;
  /** Minutes the chosen ticket has waited. */
  waitedMinutes: number;
}

export type EffectiveClass = 'priority' | 'booking' | 'normal';

export function effectiveClass(t: Candidate, now: number, rule: FairnessRule): EffectiveClass {
  if (t.queueClass === 0) return 'priority';
  if (t.queueClass === 1 && t.slotStart !== null && t.slotStart <= now + rule.bookingLeadMinutes * 60_000) {
    return 'booking';
  }
  return 'normal';
}

const byArrival = (a: Candidate, b: Candidate) => a.queuedAt - b.queuedAt || a.id - b.id;

/**
 * Picks the next ticket for a counter among the waiting candidates of its services (and those
 * transferred to it), given how many priority calls it has made in a row.
 */
export function chooseNext(
  candidates: readonly Candidate[],
  ctx: { now: number; priorityStreak: number; rule: FairnessRule },
): Choice | null {
  if (candidates.length === 0) return null;
  const { now, rule } = ctx;
  const waited = (t: Candidate) => Math.floor((now - t.queuedAt) / 60_000);
  const pick = (t: Candidate, reasonCode: ReasonCode): Choice => ({
    ticketId: t.id,
    reasonCode,
    countsAsPriority: effectiveClass(t, now, rule) === 'priority',
    waitedMinutes: waited(t),
  });

  if (rule.maxWaitMinutes > 0) {
    const overdue = candidates.filter((t) => now - t.queuedAt >= rule.maxWaitMinutes * 60_000).sort(byArrival);
    if (overdue[0]) return pick(overdue[0], 'MAX_WAIT');
  }

  const classes: Record<EffectiveClass, Candidate[]> = { priority: [], booking: [], normal: [] };
  for (const t of candidates) classes[effectiveClass(t, now, rule)].push(t);
  for (const list of Object.values(classes)) list.sort(byArrival);

  const [firstPriority] = classes.priority;
  const others = classes.booking[0] ?? classes.normal[0];
  if (firstPriority) {
    const capped = rule.maxPriorityInRow > 0 && ctx.priorityStreak >= rule.maxPriorityInRow;
    if (capped && others) {
      return pick(others, 'INTERLEAVE');
    }
    return pick(firstPriority, 'PRIORITY');
  }
  if (classes.booking[0]) return pick(classes.booking[0], 'BOOKING');
  const first = classes.normal[0];
  return first ? pick(first, 'ARRIVAL') : null;
}

/** The "why this ticket" line the officer sees. */
export function explain(
  choice: Pick<Choice, 'reasonCode' | 'waitedMinutes'>,
  ctx: { priorityLabel?: string; maxPriorityInRow: number; maxWaitMinutes: number },
  lang: 'vi' | 'en',
): string {
  const w = choice.waitedMinutes;
  switch (choice.reasonCode) {
    case 'MAX_WAIT':
      return lang === 'vi'
        ? `Đã chờ ${w} phút, quá mức tối đa ${ctx.maxWaitMinutes} phút nên được gọi trước.`
        : `Waited ${w} min, over the ${ctx.maxWaitMinutes}-min maximum, so called first.`;
    case 'PRIORITY':
      return lang === 'vi'
        ? `Đối tượng ưu tiên${ctx.priorityLabel ? ` (${ctx.priorityLabel})` : ''}, đến sớm nhất trong nhóm ưu tiên; đã chờ ${w} phút.`
        : `Priority citizen${ctx.priorityLabel ? ` (${ctx.priorityLabel})` : ''}, earliest in the priority group; waited ${w} min.`;
    case 'BOOKING':
      return lang === 'vi'
        ? `Có lịch hẹn, đã xác nhận có mặt và đến giờ hẹn; đã chờ ${w} phút.`
        : `Booked, checked in and the slot has started; waited ${w} min.`;
    case 'INTERLEAVE':
      return lang === 'vi'
        ? `Đã gọi ${ctx.maxPriorityInRow} số ưu tiên liên tiếp, nên lượt này gọi người đến sớm nhất; đã chờ ${w} phút.`
        : `${ctx.maxPriorityInRow} priority calls in a row, so this turn goes to the earliest arrival; waited ${w} min.`;
    case 'ARRIVAL':
      return lang === 'vi' ? `Đến sớm nhất trong hàng chờ; đã chờ ${w} phút.` : `Earliest arrival in the line; waited ${w} min.`;
  }
}

/**
 * What a call writes to the ticket's event log (ticket_events.data): the reason's code and the
 * figures its line needs, never the line itself, so the log reads in the language of whoever
 * reads it. A call out of order also logs the officer's own words, as the event's `reason`.
 */
export type CallReason =
  | {
      reasonCode: ReasonCode;
      waitedMinutes: number;
      /** The ticket's priority category code (its label is the office's, in the reader's language). */
      priority?: string;
      maxPriorityInRow?: number;
      maxWaitMinutes?: number;
    }
  | { reasonCode: 'SPECIFIC' | 'ON_HOLD_RETURN' };

/** The logged reason of a call the policy chose: only the figures its code's line shows. */
export function callReason(choice: Choice, ticketPriority: string | null, rule: FairnessRule): CallReason {
  const { reasonCode, waitedMinutes } = choice;
  if (reasonCode === 'PRIORITY' && ticketPriority) return { reasonCode, waitedMinutes, priority: ticketPriority };
  if (reasonCode === 'INTERLEAVE') return { reasonCode, waitedMinutes, maxPriorityInRow: rule.maxPriorityInRow };
  if (reasonCode === 'MAX_WAIT') return { reasonCode, waitedMinutes, maxWaitMinutes: rule.maxWaitMinutes };
  return { reasonCode, waitedMinutes };
}

const policyCodes: readonly string[] = ['MAX_WAIT', 'PRIORITY', 'BOOKING', 'INTERLEAVE', 'ARRIVAL'] satisfies ReasonCode[];

/**
 * A logged call's "why this ticket" line in a language. `priorityLabel` names a priority category
 * in that language. Rows logged before the log kept codes hold the line itself, in the language
 * of the officer's screen then: shown as they are.
 */
export function explainCall(
  logged: { reason: string | null; data: unknown },
  lang: 'vi' | 'en',
  priorityLabel: (code: string) => string | undefined,
): string {
  const data = (logged.data ?? {}) as Partial<Record<string, unknown>>;
  const code = data.reasonCode;
  if (code === 'SPECIFIC') {
    return lang === 'vi' ? `Gọi ngoài thứ tự: ${logged.reason ?? ''}` : `Called out of order: ${logged.reason ?? ''}`;
  }
  if (code === 'ON_HOLD_RETURN' && logged.reason === null) {
    return lang === 'vi' ? 'Gọi lại hồ sơ đang tạm giữ tại quầy.' : 'Calling back a ticket held at this counter.';
  }
  if (typeof code === 'string' && policyCodes.includes(code) && typeof data.waitedMinutes === 'number') {
    return explain(
      { reasonCode: code as ReasonCode, waitedMinutes: data.waitedMinutes },
      {
        priorityLabel: typeof data.priority === 'string' ? priorityLabel(data.priority) : undefined,
        maxPriorityInRow: Number(data.maxPriorityInRow ?? 0),
        maxWaitMinutes: Number(data.maxWaitMinutes ?? 0),
      },
      lang,
    );
  }
  return logged.reason ?? '';
}
