// What a resident types: the booking code, the Vietnamese mobile number and the CCCD number;
// and the installation's key the CCCD numbers are hashed with.
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Store } from '../../db/client';
import { serverSecrets } from '../../db/schema';

/** No 0/O, 1/I: a code read aloud or copied from a screen cannot be mistyped. */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

export function newCode(length = CODE_LENGTH): string {
  let code = '';
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** A typed code as stored: upper case, without the spaces and dashes people add. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function isCode(input: string): boolean {
  return new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`).test(input);
}

// Mobile prefixes in use (after the 2018 move from 11 to 10 digits): Viettel 086, 096-098,
// 032-039; Vinaphone 081-085, 088, 091, 094; MobiFone 070, 076-079, 089, 090, 093;
// Vietnamobile 052, 056, 058, 092; Gmobile 059, 099; Reddi 055; iTel 087.
const MOBILE_PREFIXES = new Set([
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '052',
  '055',
  '056',
  '058',
  '059',
  '070',
  '076',
  '077',
  '078',
  '079',
  '081',
  '082',
  '083',
  '084',
  '085',
  '086',
  '087',
  '088',
  '089',
  '090',
  '091',
  '092',
  '093',
  '094',
  '096',
  '097',
  '098',
  '099',
]);

/**
 * A Vietnamese mobile number in its national form (0 + 9 digits), or null. Accepts 0xxxxxxxxx
 * and +84xxxxxxxxx with spaces, dots or dashes between groups, so the same phone always dedupes.
 */
export function normalizePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s.-]/g, '');
  const m = /^(?:0|\+84)(\d{9})$/.exec(compact);
  if (!m) return null;
  const national = `0${m[1]}`;
  return MOBILE_PREFIXES.has(national.slice(0, 3)) ? national : null;
}

/** The 12-digit citizen identity card number (CCCD). */
export function isIdNumber(input: string): boolean {
  return /^\d{12}$/.test(input);
}

/**
 * Keyed sha256 (HMAC) with the server's pepper: the 10^12 possible numbers cannot be hashed
 * one by one from the appointments table alone.
 */
export function hashIdNumber(idNumber: string, pepper: string): string {
  return createHmac('sha256', pepper).update(idNumber).digest('hex');
}

/**
 * What a booking keeps of its phone after the resident erased their data, until its slot has
 * passed: a keyed hash, so the one-booking-per-person limit still holds and nobody can read the
 * number back. Marked by a leading `#`, which no phone number has.
 */
export function erasedPhone(phone: string, pepper: string): string {
  return `#${createHmac('sha256', pepper).update(`phone:${phone}`).digest('hex')}`;
}

/** A phone a person can be reached on: null for none, or for the hash an erased booking keeps. */
export function contactPhone(phone: string | null): string | null {
  return phone && !phone.startsWith('#') ? phone : null;
}

/**
 * The installation's pepper for CCCD hashes, resolved once at start and passed in with the app's
 * dependencies: ID_NUMBER_PEPPER when it is configured (no key is then kept in the database),
 * else the one made at the first start and kept in the database.
 */
export async function idNumberPepper(store: Store, configured: string | undefined, now: number): Promise<string> {
  if (configured) return configured;
  // Several processes may start at once: the first insert wins and every process reads it.
  return store.write(async (tx) => {
    await tx
      .insert(serverSecrets)
      .values({ name: 'id_number_pepper', value: randomBytes(32).toString('base64url'), createdAt: now })
      .onConflictDoNothing();
    return (await tx.select().from(serverSecrets).where(eq(serverSecrets.name, 'id_number_pepper')))[0]!.value;
  });
}
