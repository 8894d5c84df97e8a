// An office's settings: one validated JSON document (offices.settings). Defaults are what a
// commune centre would pick; the admin screens change them.
import { z } from 'zod';
import { feedbackCategories } from '../../db/schema/enums';
import { freeText } from '../schemas';

export const priorityCategorySchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/),
  vi: freeText({ max: 100 }),
  en: freeText({ max: 100 }),
});

export const officeSettingsSchema = z.object({
  priorityCategories: z.array(priorityCategorySchema).default([
    { code: 'elderly', vi: 'Người cao tuổi', en: 'Elderly person' },
    { code: 'disabled', vi: 'Người khuyết tật', en: 'Person with a disability' },
    { code: 'pregnant', vi: 'Phụ nữ mang thai', en: 'Pregnant woman' },
    { code: 'small_child', vi: 'Người đi cùng trẻ em dưới 6 tuổi', en: 'With a child under 6' },
    { code: 'merit', vi: 'Người có công với cách mạng', en: 'Person with meritorious service' },
  ]),
  fairness: z
    .object({
      /** At most this many priority calls in a row at one counter while others wait (0 = no limit). */
      maxPriorityInRow: z.number().int().min(0).max(20).default(2),
      /** Anyone waiting longer than this is called first (0 = off). */
      maxWaitMinutes: z.number().int().min(0).max(600).default(45),
      /** A checked-in booking is called in its class from this long before its slot starts. */
      bookingLeadMinutes: z.number().int().min(0).max(60).default(2),
    })
    .default({ maxPriorityInRow: 2, maxWaitMinutes: 45, bookingLeadMinutes: 2 }),
  ratingScale: z.union([z.literal(5), z.literal(3)]).default(5),
  checkIn: z
    .object({
      earlyMinutes: z.number().int().min(0).max(240).default(30),
      lateMinutes: z.number().int().min(0).max(120).default(10),
    })
    .default({ earlyMinutes: 30, lateMinutes: 10 }),
  booking: z
    .object({
      minNoticeMinutes: z.number().int().min(0).max(10080).default(60),
      maxDaysAhead: z.number().int().min(1).max(90).default(14),
      /** Share of derived capacity kept for walk-ins. */
      walkInReserve: z.number().min(0).max(1).default(0.3),
    })
    .default({ minNoticeMinutes: 60, maxDaysAhead: 14, walkInReserve: 0.3 }),
  targetWaitMinutes: z.number().int().min(1).max(600).default(15),
  retentionDays: z.number().int().min(1).max(3650).default(90),
  /**
   * Working days a supervisor has to answer a feedback item (an unhappy rating or a comment)
   * before it counts as answered late in the open statistics and the leaders' comparison.
   */
  feedbackAnswerDays: z.number().int().min(1).max(30).default(2),
  /**
   * Working days to answer what residents send through the feedback channel, per category; a
   * category not set here takes the default (server/feedback/policy.ts DEFAULT_CATEGORY_DAYS).
   */
  feedbackCategoryDays: z.partialRecord(z.enum(feedbackCategories), z.number().int().min(1).max(60)).default({}),
  ticker: freeText({ max: 500, min: 0 }).default(''),
});

export type OfficeSettings = z.infer<typeof officeSettingsSchema>;

export function parseSettings(raw: unknown): OfficeSettings {
  return officeSettingsSchema.parse(raw ?? {});
}
