import { detectImageType } from './image-type';

const bytes = (...values: Array<number | string>) =>
  Buffer.concat(
    values.map((value) => (typeof value === 'string' ? Buffer.from(value, 'latin1') : Buffer.from([value]))),
  );

describe('detectImageType', () => {
  it('recognises JPEG, PNG and WebP by their magic bytes', () => {
    expect(detectImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 'JFIF'))).toBe('jpeg');
    expect(detectImageType(bytes(0x89, 'PNG\r\n', 0x1a, '\n', 'IHDR'))).toBe('png');
    expect(detectImageType(bytes('RIFF', 0x10, 0, 0, 0, 'WEBPVP8 '))).toBe('webp');
  });

  it('refuses everything else, whatever its name would claim', () => {
    expect(detectImageType(bytes('GIF89a'))).toBeNull();
    expect(detectImageType(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
    expect(detectImageType(bytes('RIFF', 0, 0, 0, 0, 'WAVEfmt '))).toBeNull();
    expect(detectImageType(bytes(0xff, 0xd8))).toBeNull();
    expect(detectImageType(Buffer.alloc(0))).toBeNull();
  });
});
