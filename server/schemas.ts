// Input pieces shared by several features' zod schemas.
import { z } from 'zod';
import { normalizePhone } from './booking/identity';
import type { ErrorCode } from './errors';

/** A positive integer id; a body may send it as a JSON number or a numeric string. */
export const id = (error: ErrorCode = 'VALIDATION_FAILED') =>
  z
    .union(
      [
        z.number(),
        z
          .string()
          .regex(/^\d{1,10}$/, { error })
          .transform(Number),
      ],
      { error },
    )
    .pipe(z.number({ error }).int({ error }).positive({ error }).max(2_147_483_647, { error }));

/** A path parameter that must name an existing row: anything unparseable is simply unknown. */
export const idParam = (error: ErrorCode) =>
  z
    .string()
    .regex(/^\d{1,10}$/, { error })
    .transform(Number)
    .pipe(z.number().int().positive({ error }).max(2_147_483_647, { error }));

export const officeParams = z.object({ officeId: idParam('OFFICE_NOT_FOUND') });
export const counterParams = z.object({ counterId: idParam('COUNTER_NOT_FOUND') });
export const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'TICKET_NOT_FOUND' }) });

// ---------------------------------------------------------------- free text

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Control (Cc) and format (Cf) characters: NUL, bell, zero-width spaces and joiners, bidirectional
// overrides and isolates, BOM, soft hyphen. The one kept: a zero-width joiner inside an emoji
// sequence (a family, a flag), which a comment may hold; a name made of joiners still empties.
const INVISIBLE = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|(?!\u200D)[\p{Cc}\p{Cf}]/gu;
const INVISIBLE_BUT_LINE_BREAKS = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|(?![\u200D\n])[\p{Cc}\p{Cf}]/gu;

/**
 * The one normalisation of people's text at the boundary: NFC (a Vietnamese letter typed with
 * combining marks and one typed precomposed compare equal), lone surrogates and invisible
 * characters removed, runs of white space made one space (a multi-line field keeps its line
 * breaks), trimmed. Emptiness and length are checked after it: a reason of "\u200b" is empty.
 */
export function normalizeText(s: string, multiline = false): string {
  const spaced = multiline
    ? s
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((line) => line.replace(/[^\S\n]+/g, ' '))
        .join('\n')
    : s.replace(/\s+/g, ' ');
  const visible = spaced
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(multiline ? INVISIBLE_BUT_LINE_BREAKS : INVISIBLE, '');
  return multiline
    ? visible
        .split('\n')
        .map((line) => line.trim())
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim()
    : visible.trim();
}

/**
 * A free-text field: normalised (normalizeText), then at least `min` (default 1) and at most
 * `max` characters. `error` names every failure of a required field (the form shows one message).
 */
export const freeText = (options: { max: number; min?: number; multiline?: boolean; error?: ErrorCode; tooLong?: string }) =>
  z
    .string(options.error ? { error: options.error } : undefined)
    .transform((s) => normalizeText(s, options.multiline))
    .pipe(
      z
        .string()
        .min(options.min ?? 1, options.error ? { error: options.error } : undefined)
        .max(options.max, { error: options.tooLong ?? options.error ?? `At most ${options.max} characters.` }),
    );

/** An optional free-text field: normalised, and nothing left of it (or null) means not given. */
export const optionalText = (max: number, multiline = false) =>
  z
    .string()
    .nullish()
    .transform((s) => (s == null ? null : normalizeText(s, multiline) || null))
    .pipe(
      z
        .string()
        .max(max, { error: `At most ${max} characters.` })
        .nullable(),
    );

// The string's own error covers every check without one: the length cap names itself, or a
// 301-character reason would be answered with REASON_REQUIRED.
export const reasonText = freeText({ max: 300, error: 'REASON_REQUIRED', tooLong: 'At most 300 characters.' });

/** An ISO instant with its offset (2026-11-30T10:00:00+07:00), as epoch milliseconds; `error` otherwise. */
export const instantOf = (error: ErrorCode) =>
  z
    .string({ error })
    .max(40, { error })
    .pipe(z.iso.datetime({ offset: true, error }))
    .transform((s) => Date.parse(s));

/** A Vietnamese mobile number in any usual form, as its national form (0912345678); 400 INVALID_PHONE otherwise. */
function toNational(value: string, ctx: z.RefinementCtx): string {
  const national = normalizePhone(value);
  if (national === null) {
    ctx.addIssue({ code: 'custom', message: 'INVALID_PHONE' });
    return z.NEVER;
  }
  return national;
}
export const mobilePhone = z.string({ error: 'INVALID_PHONE' }).max(30, { error: 'INVALID_PHONE' }).transform(toNational);
/** The same, where an absent or empty field means "not given" (null). */
export const optionalMobilePhone = z
  .string({ error: 'INVALID_PHONE' })
  .max(30, { error: 'INVALID_PHONE' })
  .nullish()
  .transform((value, ctx) => (value == null || value.trim() === '' ? null : toNational(value, ctx)));
