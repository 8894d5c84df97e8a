// Input pieces shared by several features' zod schemas.
import { z } from 'zod';
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

// The string's own error covers every check without one: the length cap names itself, or a
// 301-character reason would be answered with REASON_REQUIRED.
export const reasonText = z
  .string({ error: 'REASON_REQUIRED' })
  .trim()
  .min(1, { error: 'REASON_REQUIRED' })
  .max(300, { error: 'At most 300 characters.' });
