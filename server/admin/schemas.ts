// Input schemas of the admin API. Field errors name a stable code where one exists, so a form
// can show the right message next to the right field.
import { z } from 'zod';
import { deviceKinds, staffRoles } from '../../db/schema';
import { type OfficeSettings, officeSettingsSchema, priorityCategorySchema } from '../offices/settings';
import { freeText, id, idParam, optionalText } from '../schemas';
import { isValidDay } from '../time';

const text = (max: number) => freeText({ max });

export const timezone = z
  .string()
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(tz);
      } catch {
        return false;
      }
    },
    { error: 'UNKNOWN_TIMEZONE' },
  );

export const officeBody = z
  .object({ name: text(200), address: text(300), timezone: timezone.default('Asia/Ho_Chi_Minh') })
  .strict();
export const officePatch = z
  .object({ name: text(200), address: text(300), timezone })
  .partial()
  .strict();

type Patch<T> = { [K in keyof T]?: T[K] extends unknown[] ? T[K] : T[K] extends object ? Partial<T[K]> : T[K] };
export type SettingsPatch = Patch<OfficeSettings>;

/**
 * A partial settings document: every key optional, nested groups partial too, and no defaults
 * (a default would silently reset what the admin did not send). Built from the office settings
 * schema itself, so a setting another feature adds is editable here without a change.
 */
function patchOf(schema: z.ZodObject): z.ZodType<SettingsPatch, SettingsPatch> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    let inner = field as z.ZodType;
    if (inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
    if (inner instanceof z.ZodObject) {
      const nested: Record<string, z.ZodType> = {};
      for (const [k, f] of Object.entries(inner.shape)) {
        const g = f as z.ZodType;
        nested[k] = (g instanceof z.ZodDefault ? (g.unwrap() as z.ZodType) : g).optional();
      }
      inner = z.object(nested).strict();
    }
    shape[key] = inner.optional();
  }
  return z.object(shape).strict() as unknown as z.ZodType<SettingsPatch, SettingsPatch>;
}

export const settingsPatch = patchOf(officeSettingsSchema).superRefine((value, ctx) => {
  const cats = (value as SettingsPatch).priorityCategories;
  if (cats && new Set(cats.map((c) => c.code)).size !== cats.length) {
    ctx.addIssue({ code: 'custom', message: 'DUPLICATE_PRIORITY_CODE', path: ['priorityCategories'] });
  }
});
export { priorityCategorySchema };

const minute = z.number().int().min(0).max(1440);
export const hoursBody = z
  .object({
    hours: z.array(z.object({ weekday: z.number().int().min(0).max(6), opensAt: minute, closesAt: minute }).strict()).max(28),
    // The admin has seen the bookings the new hours strand (409) and cancels them.
    cancelBookings: z.boolean().optional(),
  })
  .strict()
  .superRefine(({ hours }, ctx) => {
    for (let d = 0; d <= 6; d++) {
      const day = hours.filter((h) => h.weekday === d).sort((a, b) => a.opensAt - b.opensAt);
      const bad = day.some((h, i) => h.opensAt >= h.closesAt || (i > 0 && h.opensAt < day[i - 1]!.closesAt));
      if (bad) ctx.addIssue({ code: 'custom', message: 'INVALID_HOURS', path: ['hours'] });
    }
  });

const day = z.string({ error: 'INVALID_DATE' }).refine(isValidDay, { error: 'INVALID_DATE' });
/** `cancelBookings`: the admin has seen the bookings the change strands (409) and cancels them. */
const cancelBookings = z.boolean().optional();
export const holidayBody = z.object({ date: day, name: text(100), cancelBookings }).strict();
export const holidayParams = z.object({ officeId: idParam('OFFICE_NOT_FOUND'), date: day });

export const sectorBody = z.object({ name: text(200), position: z.number().int().min(0).max(10_000).optional() }).strict();
export const sectorPatch = z
  .object({ name: text(200), position: z.number().int().min(0).max(10_000) })
  .partial()
  .strict();

const prefix = z
  .string({ error: 'INVALID_PREFIX' })
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{1,2}$/, { error: 'INVALID_PREFIX' }));
const serviceFields = {
  sectorId: id('UNKNOWN_SECTOR'),
  code: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z.\-_]{1,30}$/),
  name: text(300),
  prefix,
  avgServiceMinutes: z.number().int().min(1).max(480),
  // Working days the law gives the procedure (0: same day), for dossiers' due dates.
  processingDays: z.number().int().min(0).max(365),
  bookable: z.boolean(),
  slotMinutes: z.number().int().min(5).max(240),
  capacityPerSlot: z.number().int().min(0).max(1000).nullable(),
  whatToBring: optionalText(2000, true),
  active: z.boolean(),
  position: z.number().int().min(0).max(10_000),
};
export const serviceBody = z
  .object({
    ...serviceFields,
    bookable: serviceFields.bookable.default(true),
    slotMinutes: serviceFields.slotMinutes.default(30),
    processingDays: serviceFields.processingDays.default(0),
    capacityPerSlot: serviceFields.capacityPerSlot.default(null),
    whatToBring: serviceFields.whatToBring.default(null),
    active: serviceFields.active.default(true),
    position: serviceFields.position.optional(),
  })
  .strict();
export const servicePatch = z.object(serviceFields).partial().strict();

const serviceIds = z
  .array(id('UNKNOWN_SERVICE'))
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, { error: 'DUPLICATE_SERVICE_IDS' });
export const counterBody = z
  .object({ number: z.number().int().min(1).max(999), name: text(100), serviceIds: serviceIds.default([]) })
  .strict();
export const counterPatch = z
  .object({ number: z.number().int().min(1).max(999), name: text(100), serviceIds })
  .partial()
  .strict();

const password = z.string({ error: 'WEAK_PASSWORD' }).min(8, { error: 'WEAK_PASSWORD' }).max(200);
const username = z
  .string({ error: 'INVALID_USERNAME' })
  .trim()
  .transform((s) => s.toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9._-]{3,40}$/, { error: 'INVALID_USERNAME' }));
export const staffBody = z
  .object({
    username,
    displayName: text(100),
    role: z.enum(staffRoles),
    officeId: id('OFFICE_NOT_FOUND').nullable(),
    password,
  })
  .strict();
export const staffPatch = z
  .object({ displayName: text(100), role: z.enum(staffRoles), officeId: id('OFFICE_NOT_FOUND').nullable(), active: z.boolean() })
  .partial()
  .strict();
export const passwordBody = z.object({ password }).strict();

export const deviceBody = z
  .object({ kind: z.enum(deviceKinds), name: text(100), counterId: id('UNKNOWN_COUNTER').nullable().optional() })
  .strict();
export const devicePatch = z
  .object({ name: text(100), counterId: id('UNKNOWN_COUNTER').nullable() })
  .partial()
  .strict();

export const auditQuery = z.object({
  officeId: z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number)
    .optional(),
  // The kinds of row the audit log records: anything else is a mistyped filter (400).
  entity: z
    .enum(['counter', 'device', 'holiday', 'hours', 'office', 'sector', 'service', 'settings', 'staff', 'unit'])
    .optional(),
  before: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const officeParams = z.object({ officeId: idParam('OFFICE_NOT_FOUND') });
export const sectorParams = officeParams.extend({ sectorId: idParam('SECTOR_NOT_FOUND') });
export const serviceParams = officeParams.extend({ serviceId: idParam('SERVICE_NOT_FOUND') });
export const counterParams = officeParams.extend({ counterId: idParam('COUNTER_NOT_FOUND') });
export const deviceParams = officeParams.extend({ deviceId: idParam('DEVICE_NOT_FOUND') });
export const staffParams = z.object({ staffId: idParam('STAFF_NOT_FOUND') });
