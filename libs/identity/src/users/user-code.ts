import { randomInt } from 'node:crypto';

export const USER_CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const USER_CODE_LENGTH = 8;

/** A random 8-character `[A-Z0-9]` code (36^8 ≈ 2.8e12 values); uniqueness is the database's job. */
export function generateUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}
