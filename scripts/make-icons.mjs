// Renders assets/icon.svg into every icon file packaging needs: assets/icons/<N>x<N>.png (Linux),
// assets/icon.icns (macOS) and assets/icon.ico (Windows). Run `npm run icons` after changing the SVG
// and commit the output, so packaging needs no generation step.
//
// Every size is rendered from the SVG (resvg) rather than scaled down from one large PNG: scaling
// 1024 px down to 16 px aliases the key's edges. The ICO and ICNS containers are a header and a table
// of contents around those images, written here.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const assets = fileURLToPath(new URL('../assets/', import.meta.url));
const PNG_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
// Windows picks 16, 24, 32 and 48 for lists, menus and the taskbar; 256 for large views.
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// The ICNS types that hold a PNG (macOS 10.7 and later), and the pixel size each one holds.
const ICNS_TYPES = [
  ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512], // the @2x variants of 16, 32, 128 and 256
];

const svg = await readFile(`${assets}icon.svg`);
const renders = new Map();
function render(size) {
  if (!renders.has(size)) renders.set(size, new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render());
  return renders.get(size);
}

/** A 32-bit bottom-up DIB with its AND mask, as an ICO entry stores it; the pixels arrive premultiplied. */
function dibImage(rendered) {
  const { width, height, pixels } = rendered;
  const maskStride = Math.ceil(width / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8); // colour rows and mask rows together
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const colour = Buffer.alloc(width * height * 4);
  const mask = Buffer.alloc(maskStride * height);
  for (let y = 0; y < height; y++) {
    const row = height - 1 - y;
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      const to = (row * width + x) * 4;
      const alpha = pixels[from + 3];
      const straight = (value) => (alpha === 0 ? 0 : Math.min(255, Math.round((value * 255) / alpha)));
      colour[to] = straight(pixels[from + 2]);
      colour[to + 1] = straight(pixels[from + 1]);
      colour[to + 2] = straight(pixels[from]);
      colour[to + 3] = alpha;
      if (alpha === 0) mask[row * maskStride + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, colour, mask]);
}

/** ICO: a header, one 16-byte entry per image, then the images; 256 px as PNG, smaller ones as DIBs for older shells. */
function icoFile(sizes) {
  const images = sizes.map((size) => ({ size, data: size >= 256 ? render(size).asPng() : dibImage(render(size)) }));
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size % 256, entry); // 0 means 256
    header.writeUInt8(size % 256, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map(({ data }) => data)]);
}

/** ICNS: 'icns' and the file length, then one chunk per type: the type, the chunk length, the PNG. */
function icnsFile(types) {
  const chunks = types.map(([type, size]) => {
    const png = render(size).asPng();
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

mkdirSync(`${assets}icons`, { recursive: true });
for (const size of PNG_SIZES) writeFileSync(`${assets}icons/${size}x${size}.png`, render(size).asPng());
writeFileSync(`${assets}icon.ico`, icoFile(ICO_SIZES));
writeFileSync(`${assets}icon.icns`, icnsFile(ICNS_TYPES));
console.log(`wrote assets/icons/{${PNG_SIZES.map((size) => `${size}x${size}`).join(',')}}.png, assets/icon.ico, assets/icon.icns`);
