import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { cachedImages } from './image-cache';

type Rgb = readonly [number, number, number];

const WIDTH = 480;
const HEIGHT = 300;
const COLORS = {
  header: [0, 128, 105],
  sidebar: [255, 255, 255],
  row: [233, 237, 239],
  avatar: [199, 207, 212],
  chat: [239, 234, 226],
  incoming: [255, 255, 255],
  outgoing: [217, 253, 211],
  divider: [209, 215, 219],
} satisfies Record<string, Rgb>;

function fill(png: PNG, x: number, y: number, w: number, h: number, [r, g, b]: Rgb) {
  for (let row = Math.max(0, y); row < Math.min(png.height, y + h); row++) {
    for (let col = Math.max(0, x); col < Math.min(png.width, x + w); col++) {
      const at = (row * png.width + col) * 4;
      png.data[at] = r;
      png.data[at + 1] = g;
      png.data[at + 2] = b;
      png.data[at + 3] = 255;
    }
  }
}

function drawWorkingScreenshot(sessionName: string): Promise<Buffer> {
  const seed = createHash('sha256').update(sessionName).digest();
  const png = new PNG({ width: WIDTH, height: HEIGHT });
  const sidebar = 160;
  fill(png, 0, 0, WIDTH, HEIGHT, COLORS.chat);
  fill(png, 0, 0, WIDTH, 36, COLORS.header);
  fill(png, 0, 36, sidebar, HEIGHT - 36, COLORS.sidebar);
  fill(png, sidebar, 36, 1, HEIGHT - 36, COLORS.divider);
  for (let i = 0; i < 5; i++) {
    const top = 44 + i * 48;
    fill(png, 8, top, 32, 32, COLORS.avatar);
    fill(png, 48, top + 4, 60 + ((seed[i] ?? 0) % 40), 8, COLORS.row);
    fill(png, 48, top + 20, 40 + ((seed[i + 5] ?? 0) % 60), 6, COLORS.row);
  }
  let top = 52;
  for (let i = 0; top < HEIGHT - 40; i++) {
    const outgoing = ((seed[10 + i] ?? 0) & 1) === 1;
    const width = 80 + ((seed[20 + i] ?? 0) % 140);
    const height = 22 + ((seed[i] ?? 0) % 2) * 14;
    const left = outgoing ? WIDTH - 16 - width : sidebar + 16;
    fill(png, left, top, width, height, outgoing ? COLORS.outgoing : COLORS.incoming);
    top += height + 10;
  }
  return Promise.resolve(PNG.sync.write(png));
}

/**
 * The stand-in "browser screenshot" of a WORKING session: a drawn WhatsApp-Web-like layout
 * (header, chat list, a conversation) whose bubbles vary with `sessionName`, so each session's
 * picture is its own and never mistaken for a QR code. Drawn once per session name.
 */
export const renderWorkingScreenshot = cachedImages(drawWorkingScreenshot);
