/** Page object for the workbench: what a user does and reads, by test id. */
import { type Download, expect, type Locator, type Page } from '@playwright/test';

export class StudioPage {
  constructor(readonly page: Page) {}

  byId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`./${query}`);
  }

  /** Records the main thread's long tasks (> 50 ms) from page load on; call before `open`. */
  async recordLongTasks(): Promise<void> {
    await this.page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
  }

  async longTasks(): Promise<number[]> {
    return this.page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  }

  /** Waits for the backend line (or an error) and returns the backend's name. */
  async waitReady(): Promise<string> {
    await expect(this.byId('status.backend').or(this.byId('status.error'))).toBeVisible({ timeout: 150_000 });
    await expect(this.byId('status.error')).toHaveCount(0);
    return (await this.byId('status.backend').getAttribute('data-backend')) ?? '';
  }

  async pickFiles(paths: string[]): Promise<void> {
    await this.byId('drop-zone.files').setInputFiles(paths);
  }

  async pickFolder(path: string): Promise<void> {
    await this.byId('drop-zone.folder').setInputFiles(path);
  }

  /** Drops files on the drop zone the way a drag from the desktop does. */
  async dropFiles(files: Array<{ name: string; buffer: Buffer; type?: string }>): Promise<void> {
    const payload = files.map((f) => ({ name: f.name, type: f.type ?? 'image/png', data: f.buffer.toString('base64') }));
    const transfer = await this.page.evaluateHandle((items) => {
      const dt = new DataTransfer();
      for (const item of items) {
        const bytes = Uint8Array.from(atob(item.data), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], item.name, { type: item.type }));
      }
      return dt;
    }, payload);
    await this.byId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
  }

  /** Pastes files as a clipboard paste onto the page would. */
  async pasteFiles(files: Array<{ name: string; buffer: Buffer; type?: string }>): Promise<void> {
    const payload = files.map((f) => ({ name: f.name, type: f.type ?? 'image/png', data: f.buffer.toString('base64') }));
    await this.page.evaluate((items) => {
      const dt = new DataTransfer();
      for (const item of items) dt.items.add(new File([Uint8Array.from(atob(item.data), (c) => c.charCodeAt(0))], item.name, { type: item.type }));
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt }));
    }, payload);
  }

  items(): Locator {
    return this.byId('image-list.item');
  }

  item(name: string): Locator {
    return this.page.locator(`[data-testid="image-list.item"][data-name="${name}"]`);
  }

  /** Waits until `count` images are listed and every one is done or failed. */
  async waitAllSettled(count: number): Promise<void> {
    const summary = this.byId('image-list.summary');
    await expect(summary).toHaveAttribute('data-total', String(count));
    await expect(summary).toHaveAttribute('data-settled', String(count), { timeout: 170_000 });
  }

  async meanDice(): Promise<number> {
    return Number(await this.byId('metrics.mean.dice').getAttribute('data-value'));
  }

  async selectedDice(): Promise<number> {
    return Number(await this.byId('metrics.selected.dice').getAttribute('data-value'));
  }

  async setThreshold(value: number): Promise<void> {
    await this.byId('controls.threshold').fill(String(value));
    await expect(this.byId('controls.threshold-value')).toHaveText(value.toFixed(3));
  }

  async tensorCount(): Promise<number> {
    return Number(await this.byId('status.tensors').textContent());
  }

  async download(testId: string): Promise<Download> {
    const pending = this.page.waitForEvent('download');
    await this.byId(testId).click();
    return pending;
  }

  /** How many opaque pixels of an overlay canvas have exactly this colour. */
  async pixelsOfColour(testId: string, rgb: readonly [number, number, number]): Promise<number> {
    return this.byId(testId).evaluate((canvas: HTMLCanvasElement, [r, g, b]) => {
      const context = canvas.getContext('2d');
      if (!context) return 0;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 255 && data[i] === r && data[i + 1] === g && data[i + 2] === b) n++;
      return n;
    }, rgb);
  }

  /** Share of painted (non-transparent) pixels in an overlay canvas. */
  async paintedFraction(testId: string): Promise<number> {
    return this.byId(testId).evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext('2d');
      if (!context) return 0;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted / (canvas.width * canvas.height);
    });
  }
}
