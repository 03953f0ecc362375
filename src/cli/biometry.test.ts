/**
 * `npm run segment` with ellipse biometry: HC, BPD and OFD in images.csv, in mm from a pixel-size
 * CSV, against the CSV's reference HC. On generated data (runs anywhere) and on the 40 HC18 pairs
 * with the bundled model (skips without ../shared).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { ellipsePerimeter } from '../metrics/ellipse';
import { csvRecords } from '../files/csv';

const run = (args: string[]) => execFileSync('npx', ['tsx', 'src/cli/segment.ts', ...args], { encoding: 'utf8', stdio: 'pipe' });

/** A head-like scan: a bright skull ring around a filled-ellipse mask, semi-axes a, b px. */
function headScan(width: number, height: number, e: { cx: number; cy: number; a: number; b: number; angle: number }) {
  const image = new Uint8Array(width * height);
  const mask = new Uint8Array(width * height);
  const [c, s] = [Math.cos(e.angle), Math.sin(e.angle)];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - e.cx;
      const dy = y + 0.5 - e.cy;
      const u = (dx * c + dy * s) / e.a;
      const v = (-dx * s + dy * c) / e.b;
      const r = Math.sqrt(u * u + v * v);
      const ring = Math.exp(-(((r - 1) / 0.04) ** 2));
      image[y * width + x] = Math.max(0, Math.min(255, Math.round((r <= 1 ? 60 : 30) + 180 * ring + 30 * (rand() - 0.5))));
      mask[y * width + x] = r <= 1 ? 255 : 0;
    }
  }
  return { image: encode({ width, height, data: image, channels: 1, depth: 8 }), mask: encode({ width, height, data: mask, channels: 1, depth: 8 }) };
}

it('npm run segment measures HC, BPD and OFD in mm from a pixel-size CSV and compares HC with its reference', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unet-hc-'));
  for (const sub of ['images', 'masks']) mkdirSync(join(dir, sub));
  const heads = [
    { name: 'head1.png', pixel: 0.2, e: { cx: 190, cy: 140, a: 110, b: 80, angle: 0.4 } },
    // Partly outside the image: the clipped part must not bias the fit.
    { name: 'head2.png', pixel: 0.15, e: { cx: 300, cy: 150, a: 120, b: 90, angle: -0.3 } },
  ];
  const lines = ['filename,pixel size(mm),head circumference (mm)'];
  for (const h of heads) {
    const scan = headScan(400, 270, h.e);
    writeFileSync(join(dir, 'images', h.name), scan.image);
    writeFileSync(join(dir, 'masks', h.name), scan.mask);
    lines.push(`${h.name},${h.pixel},${(ellipsePerimeter(h.e.a, h.e.b) * h.pixel).toFixed(2)}`);
  }
  // A third image without a CSV row: measured in pixels, and says so.
  writeFileSync(join(dir, 'images', 'head3.png'), headScan(400, 270, heads[0].e).image);
  writeFileSync(join(dir, 'sizes.csv'), `${lines.join('\n')}\n`);
  const out = run(['--model', 'public/models/unet-hc18-b16', '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--pixel-sizes', join(dir, 'sizes.csv'), '--out', join(dir, 'out')]);
  expect(out).toContain('3 of 3 images segmented');
  expect(out).toMatch(/head3\.png: .*HC \d+\.\d\d px \(no pixel size\)/);
  const summary = /mean \|HC − reference\| (\d+\.\d+) mm over 2 images \(ground-truth masks measured the same way: (\d+\.\d+) mm over 2\)/.exec(out);
  expect(summary, out).not.toBeNull();
  const text = readFileSync(join(dir, 'out', 'images.csv'), 'utf8');
  // The existing columns first, in their order; the measurements after them.
  expect(text.split('\n')[0]).toBe(
    'file,width,height,foreground_px,area_mm2,window_center,window_width,model_input,hc_mm,bpd_mm,ofd_mm,ellipse_area_mm2,hc_px,bpd_px,ofd_px,ellipse_cx_px,ellipse_cy_px,ellipse_angle_deg,pixel_size_mm,pixel_size_source,reference_hc_mm,abs_diff_mm,gt_hc_mm,gt_bpd_mm,gt_ofd_mm,gt_abs_diff_mm',
  );
  const rows = csvRecords(text);
  expect(rows.map((r) => [r.file, r.pixel_size_source])).toEqual([
    ['head1.png', 'csv'],
    ['head2.png', 'csv'],
    ['head3.png', 'none'],
  ]);
  heads.forEach((h, k) => {
    const r = rows[k];
    const reference = Number(r.reference_hc_mm);
    expect(Number(r.pixel_size_mm)).toBe(h.pixel);
    // The area in mm² now comes from the CSV's pixel size too.
    expect(Number(r.area_mm2)).toBeCloseTo(Number(r.foreground_px) * h.pixel * h.pixel, 4);
    // The truth mask's ellipse: within 1% of the drawn one (boundary pixel centres sit half a pixel inside).
    expect(Math.abs(Number(r.gt_hc_mm) / reference - 1)).toBeLessThan(0.01);
    expect(Math.abs(Number(r.gt_bpd_mm) / (2 * h.e.b * h.pixel) - 1)).toBeLessThan(0.01);
    expect(Math.abs(Number(r.gt_ofd_mm) / (2 * h.e.a * h.pixel) - 1)).toBeLessThan(0.01);
    expect(Number(r.gt_abs_diff_mm)).toBeCloseTo(Math.abs(Number(r.gt_hc_mm) - reference), 4);
    // The prediction's columns are consistent with each other.
    expect(Number(r.abs_diff_mm)).toBeCloseTo(Math.abs(Number(r.hc_mm) - reference), 4);
    expect(Number(r.hc_mm)).toBeCloseTo(Number(r.hc_px) * h.pixel, 3);
    expect(Number(r.bpd_mm)).toBeLessThanOrEqual(Number(r.ofd_mm));
  });
  expect([rows[2].hc_mm, rows[2].reference_hc_mm, rows[2].gt_hc_mm]).toEqual(['', '', '']);
  expect(Number(rows[2].hc_px)).toBeGreaterThan(0);
}, 120_000);

const DATASET = resolve('../shared/data/hc18_fetal_head_us');

describe.skipIf(!existsSync(DATASET))(`HC18 with the bundled model (needs ${DATASET})`, () => {
  it('gives HC within 2.0 mm of the challenge reference on average over the 40 pairs', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'unet-hc18-')), 'out');
    const log = run([
      '--model',
      'public/models/unet-hc18-b16',
      '--images',
      join(DATASET, 'images'),
      '--masks',
      join(DATASET, 'masks'),
      '--pixel-sizes',
      join(DATASET, 'pixel_size_and_hc.csv'),
      '--out',
      out,
    ]);
    const rows = csvRecords(readFileSync(join(out, 'images.csv'), 'utf8'));
    expect(rows).toHaveLength(40);
    const mean = (key: string) => rows.reduce((s, r) => s + Number(r[key]), 0) / rows.length;
    for (const r of rows) expect([r.pixel_size_source, r.hc_mm === '', r.abs_diff_mm === '']).toEqual(['csv', false, false]);
    const predicted = mean('abs_diff_mm');
    const truth = mean('gt_abs_diff_mm');
    const worst = rows.reduce((w, r) => (Number(r.abs_diff_mm) > Number(w.abs_diff_mm) ? r : w));
    console.log(`HC18: mean |HC − reference| ${predicted.toFixed(2)} mm (ground-truth masks ${truth.toFixed(2)} mm); worst ${worst.file} ${Number(worst.abs_diff_mm).toFixed(2)} mm`);
    expect(log).toContain(`mean |HC − reference| ${predicted.toFixed(2)} mm over 40 images`);
    expect(predicted).toBeLessThanOrEqual(2.0);
    // The same fit on the annotations themselves: the measurement's own error.
    expect(truth).toBeLessThanOrEqual(1.0);
  }, 400_000);
});
