/**
 * `images.csv`, one row per exported image, the same in the app's export and `npm run segment`:
 * predicted foreground in pixels and, when the file gives its pixel spacing, in mm²; and the exact
 * mapping from the file's values to the model's input (window, then the model's scaling).
 */
import { describeIntensity, type IntensityMode } from '../image/intensity';
import { type BinaryMask } from '../image/mask';
import { type ScanInfo } from '../image/raster';
import { describeWindow, type IntensityWindow } from '../image/window';

export interface ImageSummaryRow {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly foregroundPx: number;
  readonly areaMm2: number | null;
  readonly window: IntensityWindow;
  readonly modelInput: string;
}

export function imageSummaryRow(file: string, mask: BinaryMask, scan: ScanInfo | null, window: IntensityWindow, intensity: IntensityMode): ImageSummaryRow {
  let foregroundPx = 0;
  for (let i = 0; i < mask.data.length; i++) foregroundPx += mask.data[i];
  const spacing = scan?.pixelSpacing ?? null;
  return {
    file,
    width: mask.width,
    height: mask.height,
    foregroundPx,
    areaMm2: spacing ? foregroundPx * spacing[0] * spacing[1] : null,
    window,
    modelInput: `${describeWindow(window, scan?.invert ?? false)}; then ${describeIntensity(intensity)}`,
  };
}

const cell = (value: string | number | null) => {
  const text = value === null ? '' : typeof value === 'number' ? String(Number(value.toFixed(6))) : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function imagesCsv(rows: readonly ImageSummaryRow[]): string {
  const lines = ['file,width,height,foreground_px,area_mm2,window_center,window_width,model_input'];
  for (const r of rows) lines.push([r.file, r.width, r.height, r.foregroundPx, r.areaMm2, r.window.center, r.window.width, r.modelInput].map(cell).join(','));
  return `${lines.join('\n')}\n`;
}
