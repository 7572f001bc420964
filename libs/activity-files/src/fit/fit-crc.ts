/**
 * CRC-16 used by the FIT protocol (CRC-16/ARC: reflected polynomial 0xA001, initial value 0).
 * One table lookup per byte; the result of running it over header+data+stored CRC is 0.
 */
const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC of `bytes[start, end)`, continuing from `crc` (0 for a fresh computation). */
export function fitCrc16(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  let c = crc & 0xffff;
  for (let i = start; i < end; i++) c = (c >>> 8) ^ TABLE[(c ^ bytes[i]) & 0xff];
  return c;
}
