import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The icons are generated from assets/icon.svg by `npm run icons` (scripts/make-icons.mjs) and committed.
const assets = fileURLToPath(new URL('../../../assets/', import.meta.url));
const PNG_SIGNATURE = 0x89504e47;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.readUInt32BE(0)).toBe(PNG_SIGNATURE);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('generated icons', () => {
  it.each([16, 32, 48, 64, 128, 256, 512, 1024])('has a %i px PNG for Linux', (size) => {
    expect(pngSize(readFileSync(path.join(assets, 'icons', `${size}x${size}.png`)))).toEqual([size, size]);
  });

  it('has a Windows .ico with 16 to 256 px images: small ones as 32-bit bitmaps, 256 px as PNG', () => {
    const ico = readFileSync(path.join(assets, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const images = Array.from({ length: ico.readUInt16LE(4) }, (_, index) => {
      const entry = 6 + 16 * index;
      const size = ico.readUInt8(entry) || 256;
      const data = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      if (data.readUInt32BE(0) === PNG_SIGNATURE) return { size, format: 'png', pixels: pngSize(data) };
      // BITMAPINFOHEADER: the height counts the colour rows and the mask rows.
      return { size, format: `dib${data.readUInt16LE(14)}`, pixels: [data.readInt32LE(4), data.readInt32LE(8) / 2] };
    });
    expect(images).toEqual(
      [16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, format: size === 256 ? 'png' : 'dib32', pixels: [size, size] })),
    );
  });

  it('has a macOS .icns with a PNG for every size and @2x variant from 16 to 1024 px', () => {
    const icns = readFileSync(path.join(assets, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const chunks: Record<string, [number, number]> = {};
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4)) {
      chunks[icns.toString('ascii', offset, offset + 4)] = pngSize(icns.subarray(offset + 8, offset + icns.readUInt32BE(offset + 4)));
    }
    const square = (size: number): [number, number] => [size, size];
    expect(chunks).toEqual({
      icp4: square(16), icp5: square(32), icp6: square(64), ic07: square(128), ic08: square(256), ic09: square(512), ic10: square(1024),
      ic11: square(32), ic12: square(64), ic13: square(256), ic14: square(512),
    });
  });
});
