// @ts-check
// Draws the extension icon (media/icon.png, 128x128, referenced by package.json "icon") from the SVG below,
// rendered by the headless chromium the VS Code tests use. The PNG is committed: packaging never runs this.
//
//   node scripts/icon.mjs
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from './codeServer.mjs';
import { chromiumPath } from './vscodeTests.mjs';

const SIZE = 128;

// A broker (the ring in the middle) with three clients on its spokes, and a check mark: MQTT, checked.
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#7a1f7a"/>
      <stop offset="1" stop-color="#4b0f4f"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="24" fill="url(#bg)"/>
  <g stroke="#ffffff" stroke-width="7" stroke-linecap="round" fill="none">
    <line x1="56" y1="58" x2="28" y2="30"/>
    <line x1="56" y1="58" x2="92" y2="28"/>
    <line x1="56" y1="58" x2="26" y2="94"/>
  </g>
  <g fill="#ffffff">
    <circle cx="28" cy="30" r="10"/>
    <circle cx="92" cy="28" r="10"/>
    <circle cx="26" cy="94" r="10"/>
  </g>
  <circle cx="56" cy="58" r="15" fill="#7a1f7a" stroke="#ffffff" stroke-width="7"/>
  <circle cx="92" cy="92" r="24" fill="#2ea043" stroke="#ffffff" stroke-width="5"/>
  <path d="M80 92 l8 8 l15 -16" stroke="#ffffff" stroke-width="7" stroke-linecap="round" stroke-linejoin="round" fill="none"/>
</svg>`;

/** Renders `svg` to a transparent PNG of `size` x `size` pixels at `path`. */
async function renderSvg(svg, size, path) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    mkdirSync(dirname(path), { recursive: true });
    await page.screenshot({ path, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  } finally {
    await browser.close();
  }
}

const out = join(projectRoot, 'media', 'icon.png');
await renderSvg(SVG, SIZE, out);
console.log(`wrote ${out}`);
