import { ActivityFileError } from '../parsed-activity';
import { fitCrc16 } from './fit-crc';
import {
  decodeFit,
  hasFitSignature,
  readFitHeader,
  type FitMessage,
  type FitMessageSink,
} from './fit-decoder';
import { BT, concatBytes, FitFileBuilder } from './testing/fit-file-builder';

interface Seen {
  global: number;
  file: number;
  ts: number | null;
  values: Record<number, number | string | null>;
}

/** Collects the given fields of wanted messages as plain objects. */
function collect(bytes: Uint8Array, wantedGlobals: number[], fields: number[], strings: number[] = []) {
  const seen: Seen[] = [];
  const fileStarts: number[] = [];
  const wanted: boolean[] = [];
  for (const g of wantedGlobals) wanted[g] = true;
  const sink: FitMessageSink = {
    wanted,
    onFileStart: (i) => fileStarts.push(i),
    onMessage(m: FitMessage) {
      const values: Record<number, number | string | null> = {};
      for (const f of fields) values[f] = m.num(f);
      for (const f of strings) values[f] = m.str(f);
      seen.push({ global: m.globalNum, file: m.fileIndex, ts: m.timestamp, values });
    },
  };
  const result = decodeFit(bytes, sink);
  return { seen, fileStarts, result };
}

describe('fitCrc16', () => {
  it('is CRC-16/ARC (check value of "123456789" is 0xBB3D)', () => {
    expect(fitCrc16(new TextEncoder().encode('123456789'))).toBe(0xbb3d);
  });

  it('gives 0 when run over data followed by its little-endian CRC', () => {
    const file = new FitFileBuilder()
      .define(0, 0, [[0, 1, BT.enum]])
      .data(0, [4])
      .build();
    expect(fitCrc16(file)).toBe(0);
  });

  it('can continue a running CRC', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(fitCrc16(bytes, 4, 9, fitCrc16(bytes, 0, 4))).toBe(0xbb3d);
  });
});

describe('FIT file header', () => {
  it('reads 14-byte and 12-byte headers', () => {
    const b14 = new FitFileBuilder()
      .define(0, 0, [[0, 1, BT.enum]])
      .data(0, [4])
      .build();
    expect(readFitHeader(b14)).toEqual({
      offset: 0,
      headerSize: 14,
      protocolVersion: 0x20,
      profileVersion: 0x0808,
      dataSize: 11,
    });
    const b12 = new FitFileBuilder()
      .define(0, 0, [[0, 1, BT.enum]])
      .data(0, [4])
      .build({ headerSize: 12 });
    expect(readFitHeader(b12)?.headerSize).toBe(12);
    expect(collect(b12, [0], [0]).seen).toHaveLength(1);
  });

  it('recognises the .FIT signature at offset 8 only', () => {
    const b = new FitFileBuilder().build();
    expect(hasFitSignature(b)).toBe(true);
    const shifted = concatBytes(new Uint8Array([0]), b);
    expect(hasFitSignature(shifted)).toBe(false);
    expect(hasFitSignature(shifted, 1)).toBe(true);
    const badSize = Uint8Array.from(b);
    badSize[0] = 11;
    expect(hasFitSignature(badSize)).toBe(false);
  });

  it.each([
    ['too short', new Uint8Array([14, 0x20, 0, 0])],
    ['no signature', new TextEncoder().encode('this is not a fit file at all')],
    [
      'header larger than the file',
      Uint8Array.from([200, 0x20, 8, 8, 0, 0, 0, 0, 0x2e, 0x46, 0x49, 0x54, 0, 0]),
    ],
  ])('rejects %s as MALFORMED', (_name, bytes) => {
    const sink: FitMessageSink = { wanted: [], onMessage: () => undefined };
    expect(() => decodeFit(bytes, sink)).toThrow(ActivityFileError);
    try {
      decodeFit(bytes, sink);
    } catch (e) {
      expect((e as ActivityFileError).kind).toBe('MALFORMED');
    }
  });

  it('warns on a header CRC mismatch but decodes; a zero header CRC means "not computed"', () => {
    const b = new FitFileBuilder().define(0, 0, [[0, 1, BT.enum]]).data(0, [4]);
    const bad = collect(b.build({ badHeaderCrc: true }), [0], [0]);
    expect(bad.result.warnings).toEqual([expect.stringContaining('header CRC mismatch')]);
    expect(bad.seen).toHaveLength(1);

    const zero = b.build();
    zero[12] = 0;
    zero[13] = 0;
    // the file CRC covers the header bytes, so recompute it
    const crc = fitCrc16(zero, 0, zero.length - 2);
    zero[zero.length - 2] = crc & 0xff;
    zero[zero.length - 1] = crc >> 8;
    expect(collect(zero, [0], [0]).result.warnings).toEqual([]);
  });

  it('warns on a file CRC mismatch and still decodes every message', () => {
    const bytes = new FitFileBuilder()
      .define(0, 20, [[3, 1, BT.uint8]])
      .data(0, [120])
      .data(0, [121])
      .build({ badCrc: true });
    const { seen, result } = collect(bytes, [20], [3]);
    expect(result.warnings).toEqual([expect.stringContaining('file CRC mismatch')]);
    expect(result.stoppedEarly).toBeNull();
    expect(seen.map((s) => s.values[3])).toEqual([120, 121]);
  });

  it('warns when the file CRC is missing', () => {
    const bytes = new FitFileBuilder()
      .define(0, 0, [[0, 1, BT.enum]])
      .data(0, [4])
      .build({ omitCrc: true });
    const { seen, result } = collect(bytes, [0], [0]);
    expect(seen).toHaveLength(1);
    expect(result.warnings).toEqual([expect.stringContaining('CRC missing')]);
  });
});

describe('definition and data messages', () => {
  const fields: [number, number, number][] = [
    [253, 4, BT.uint32],
    [0, 4, BT.sint32],
    [2, 2, BT.uint16],
    [3, 1, BT.uint8],
  ];

  it('decodes little- and big-endian definitions to the same values', () => {
    for (const bigEndian of [false, true]) {
      const bytes = new FitFileBuilder()
        .define(5, 20, fields, { bigEndian })
        .data(5, [1_000_000_000, -123_456_789, 2500, 150])
        .build();
      const { seen, result } = collect(bytes, [20], [0, 2, 3]);
      expect(result.stoppedEarly).toBeNull();
      expect(seen).toEqual([
        { global: 20, file: 0, ts: 1_000_000_000, values: { 0: -123_456_789, 2: 2500, 3: 150 } },
      ]);
    }
  });

  it('reads big-endian global message numbers', () => {
    const bytes = new FitFileBuilder()
      .define(0, 0x1234, [[1, 1, BT.uint8]], { bigEndian: true })
      .data(0, [7])
      .build();
    expect(collect(bytes, [0x1234], [1]).seen[0].values[1]).toBe(7);
  });

  it('returns null for invalid values of each base type', () => {
    const defs: [number, number, number][] = [
      [0, 1, BT.enum],
      [1, 1, BT.sint8],
      [2, 1, BT.uint8],
      [3, 2, BT.sint16],
      [4, 2, BT.uint16],
      [5, 4, BT.sint32],
      [6, 4, BT.uint32],
      [7, 1, BT.uint8z],
      [8, 2, BT.uint16z],
      [9, 4, BT.uint32z],
      [10, 4, BT.float32],
      [11, 1, BT.byte],
    ];
    const nums = defs.map((d) => d[0]);
    const invalid = collect(
      new FitFileBuilder()
        .define(0, 20, defs)
        .data(
          0,
          defs.map(() => null),
        )
        .build(),
      [20],
      nums,
    );
    expect(Object.values(invalid.seen[0].values)).toEqual(defs.map(() => null));

    const valid = collect(
      new FitFileBuilder()
        .define(0, 20, defs)
        .data(0, [1, -5, 254, -300, 65534, -2_000_000_000, 4_000_000_000, 1, 2, 3, 1.5, 9])
        .build(),
      [20],
      nums,
    );
    expect(Object.values(valid.seen[0].values)).toEqual([
      1, -5, 254, -300, 65534, -2_000_000_000, 4_000_000_000, 1, 2, 3, 1.5, 9,
    ]);
  });

  it('reads strings up to the first NUL, trimmed, UTF-8', () => {
    const bytes = new FitFileBuilder()
      .define(0, 23, [
        [27, 20, BT.string],
        [19, 8, BT.string],
      ])
      .data(0, [' 功率 meter ', ''])
      .build();
    const { seen } = collect(bytes, [23], [], [27, 19]);
    expect(seen[0].values).toEqual({ 27: '功率 meter', 19: null });
  });

  it('reads the first element of array fields and tolerates odd sizes', () => {
    const bytes = new FitFileBuilder()
      .define(0, 20, [
        [3, 4, BT.uint16], // two uint16
        [4, 3, BT.uint16], // 3 bytes: not a whole uint16 → read as bytes, unsupported width → null
        [5, 0, BT.uint32], // zero-size field: absent
      ])
      .data(0, [new Uint8Array([0x10, 0x00, 0x20, 0x00]), new Uint8Array([1, 2, 3]), null])
      .build();
    const { seen, result } = collect(bytes, [20], [3, 4, 5]);
    expect(result.stoppedEarly).toBeNull();
    expect(seen[0].values).toEqual({ 3: 16, 4: null, 5: null });
  });

  it('skips developer fields by their declared sizes', () => {
    const bytes = new FitFileBuilder()
      .define(0, 20, [[3, 1, BT.uint8]], {
        devFields: [
          [0, 4, 0],
          [1, 2, 0],
        ],
      })
      .data(0, [100], [0xff, 0xff, 0xff, 0xff, 0x40, 0x41])
      .data(0, [101], [1, 2, 3, 4, 5, 6])
      .define(1, 20, [[3, 1, BT.uint8]])
      .data(1, [102])
      .build();
    const { seen, result } = collect(bytes, [20], [3]);
    expect(result.stoppedEarly).toBeNull();
    expect(seen.map((s) => s.values[3])).toEqual([100, 101, 102]);
  });

  it('skips unwanted messages without decoding them', () => {
    const bytes = new FitFileBuilder()
      .define(0, 78, [[0, 200, BT.byte]]) // unwanted (hrv-like) message with a big field
      .data(0, [new Uint8Array(200).fill(0x44)])
      .define(1, 20, [[3, 1, BT.uint8]])
      .data(1, [99])
      .build();
    const { seen, result } = collect(bytes, [20], [3]);
    expect(result.messages).toBe(2);
    expect(seen).toEqual([{ global: 20, file: 0, ts: null, values: { 3: 99 } }]);
  });

  it('lets a redefinition of a local type replace the previous one', () => {
    const bytes = new FitFileBuilder()
      .define(0, 20, [[3, 1, BT.uint8]])
      .data(0, [1])
      .define(0, 20, [
        [4, 1, BT.uint8],
        [3, 1, BT.uint8],
      ])
      .data(0, [9, 2])
      .build();
    expect(collect(bytes, [20], [3, 4]).seen.map((s) => s.values)).toEqual([
      { 3: 1, 4: null },
      { 3: 2, 4: 9 },
    ]);
  });
});

describe('redefinitions', () => {
  it('forgets fields of the replaced definition, also across wanted/unwanted messages', () => {
    const bytes = new FitFileBuilder()
      .define(0, 20, [
        [3, 1, BT.uint8],
        [4, 1, BT.uint8],
      ])
      .data(0, [1, 2])
      .define(0, 78, [[3, 1, BT.uint8]]) // unwanted message on the same local type
      .data(0, [9])
      .define(0, 20, [[4, 1, BT.uint8]])
      .data(0, [5])
      .build();
    expect(collect(bytes, [20], [3, 4]).seen.map((s) => s.values)).toEqual([
      { 3: 1, 4: 2 },
      { 3: null, 4: 5 },
    ]);
  });

  it('decodes a stream of a million redefinitions', () => {
    const unit = [0x40, 0, 0, 20, 0, 1, 3, 1, BT.uint8]; // local 0 → record, one field
    const b = new FitFileBuilder();
    for (let i = 0; i < 1_000_000; i++) b.raw(unit);
    const bytes = b.raw([0x00, 7]).build();
    const { seen, result } = collect(bytes, [20], [3]);
    expect(result.stoppedEarly).toBeNull();
    expect(seen[0].values[3]).toBe(7);
  });
});

describe('compressed timestamp headers', () => {
  it('resolves the 5-bit offset against the last full timestamp, with roll-over', () => {
    const t0 = 1000; // 1000 & 0x1f = 8
    const bytes = new FitFileBuilder()
      .define(0, 20, [
        [253, 4, BT.uint32],
        [3, 1, BT.uint8],
      ])
      .data(0, [t0, 60])
      .define(1, 20, [[3, 1, BT.uint8]])
      .compressed(1, 10, [61]) // 992 + 10 = 1002
      .compressed(1, 10, [62]) // same offset: same second
      .compressed(1, 3, [63]) // 3 < 10: rolls over → 992 + 32 + 3 = 1027
      .compressed(1, 31, [64]) // 1024 + 31 = 1055
      .build();
    const { seen } = collect(bytes, [20], [3]);
    expect(seen.map((s) => [s.ts, s.values[3]])).toEqual([
      [1000, 60],
      [1002, 61],
      [1002, 62],
      [1027, 63],
      [1055, 64],
    ]);
  });

  it('keeps tracking timestamps of unwanted messages', () => {
    const bytes = new FitFileBuilder()
      .define(0, 55, [[253, 4, BT.uint32]]) // monitoring-like, not wanted
      .data(0, [2000]) // 2000 & 0x1f = 16
      .define(1, 20, [[3, 1, BT.uint8]])
      .compressed(1, 20, [1])
      .build();
    expect(collect(bytes, [20], [3]).seen[0].ts).toBe(2004);
  });

  it('leaves the time empty (with a warning) when no full timestamp came before', () => {
    const bytes = new FitFileBuilder()
      .define(0, 20, [[3, 1, BT.uint8]])
      .compressed(0, 5, [1])
      .build();
    const { seen, result } = collect(bytes, [20], [3]);
    expect(seen[0].ts).toBeNull();
    expect(result.warnings).toEqual([expect.stringContaining('compressed timestamp')]);
  });
});

describe('chained files', () => {
  const part = (value: number) =>
    new FitFileBuilder()
      .define(0, 20, [[3, 1, BT.uint8]])
      .data(0, [value])
      .build();

  it('decodes every file in order and reports file starts', () => {
    const { seen, fileStarts, result } = collect(concatBytes(part(1), part(2), part(3)), [20], [3]);
    expect(result.files).toBe(3);
    expect(fileStarts).toEqual([0, 1, 2]);
    expect(seen.map((s) => [s.file, s.values[3]])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('resets local definitions between files', () => {
    const second = new FitFileBuilder().raw([0x00, 5]).build(); // uses local 0 without defining it
    const { seen, result } = collect(concatBytes(part(1), second), [20], [3]);
    expect(seen).toHaveLength(1);
    expect(result.stoppedEarly?.reason).toMatch(/undefined local message type 0/);
  });

  it('ignores (with a warning) trailing bytes that are not another FIT file', () => {
    const { seen, result } = collect(concatBytes(part(1), new Uint8Array([0, 0, 0])), [20], [3]);
    expect(seen).toHaveLength(1);
    expect(result.warnings).toEqual(['3 trailing bytes after the FIT data ignored']);
    expect(result.stoppedEarly).toBeNull();
  });
});

describe('damaged data', () => {
  const good = () =>
    new FitFileBuilder()
      .define(0, 20, [
        [253, 4, BT.uint32],
        [3, 1, BT.uint8],
      ])
      .data(0, [100, 1])
      .data(0, [101, 2])
      .data(0, [102, 3]);

  it('stops at a data message whose local type was never defined', () => {
    const bytes = good().raw([0x07, 1, 2, 3]).build();
    const { seen, result } = collect(bytes, [20], [3]);
    expect(seen).toHaveLength(3);
    expect(result.stoppedEarly?.reason).toMatch(/undefined local message type 7/);
  });

  it('stops at an invalid architecture byte', () => {
    const bytes = good().raw([0x41, 0, 9, 20, 0, 0]).build();
    const { seen, result } = collect(bytes, [20], [3]);
    expect(seen).toHaveLength(3);
    expect(result.stoppedEarly?.reason).toMatch(/architecture/);
  });

  it('keeps what came before a cut when the file is truncated', () => {
    const full = good().build();
    const cut = full.subarray(0, full.length - 5); // the last message loses 3 of its 6 bytes (and the CRC)
    const { seen, result } = collect(cut, [20], [3]);
    expect(seen.map((s) => s.values[3])).toEqual([1, 2]);
    expect(result.stoppedEarly?.reason).toMatch(/truncated/);
  });

  it('treats a data size pointing past the end as truncation', () => {
    const bytes = good().build({ dataSize: 10_000 });
    const { seen, result } = collect(bytes, [20], [3]);
    expect(seen.map((s) => s.values[3])).toEqual([1, 2, 3]);
    expect(result.stoppedEarly?.reason).toMatch(/declares 10000 data bytes/);
  });

  it('stops when a message runs past the declared data size', () => {
    const bytes = good().build({ dataSize: 20 }); // definition (12 bytes) + one message (6) + 2 bytes
    const { seen, result } = collect(bytes, [20], [3]);
    expect(seen.map((s) => s.values[3])).toEqual([1]);
    expect(result.stoppedEarly?.reason).toMatch(/runs past the end/);
  });

  it('decodes to the end of the file when the header declares no data size', () => {
    const bytes = good().build({ dataSize: 0, omitCrc: true });
    const { seen, result } = collect(bytes, [20], [3]);
    expect(seen.map((s) => s.values[3])).toEqual([1, 2, 3]);
    expect(result.warnings).toEqual([expect.stringContaining('not finalised')]);
  });

  it('does not take the trailing CRC of an unfinalised file for damage', () => {
    const bytes = good().build({ dataSize: 0 }); // CRC present, data size unknown
    const { seen, result } = collect(bytes, [20], [3]);
    expect(seen.map((s) => s.values[3])).toEqual([1, 2, 3]);
    expect(result.stoppedEarly).toBeNull();
  });

  it('handles a definition cut in the middle of its field list', () => {
    const bytes = new FitFileBuilder().raw([0x40, 0, 0, 20, 0, 200, 3, 1]).build();
    const { result } = collect(bytes, [20], [3]);
    expect(result.stoppedEarly?.reason).toMatch(/runs past the end|truncated/);
  });

  it('stays linear on a definition with 255 fields of 255 bytes and developer fields', () => {
    const fields: [number, number, number][] = Array.from({ length: 255 }, (_, i) => [i, 255, BT.byte]);
    const bytes = new FitFileBuilder()
      .define(0, 20, fields, { devFields: [[0, 255, 0]] })
      .raw([0]) // a data message header, but far too little data for 65 280 bytes
      .build();
    const { seen, result } = collect(bytes, [20], [3]);
    expect(seen).toHaveLength(0);
    expect(result.stoppedEarly).not.toBeNull();
  });
});
