/** What the multi-class journeys share: where the generated 3-class fixtures are, and opening the page with that model loaded. */
import { join } from 'node:path';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { type StudioPage } from './studioPage';
import { expect } from './test';

/** `.e2e-fixtures/multiclass/{model,images,masks}`, made by globalSetup (fixtures/multiClass.ts). */
export const MULTICLASS_DIR = join(FIXTURES_DIR, 'multiclass');

/** Opens the page on WASM and loads the generated 3-class model as a user picks its files. */
export async function openWithThreeClassModel(studio: StudioPage): Promise<void> {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.byId('models.files').setInputFiles(['model.json', 'weights.bin', 'unet-studio.json'].map((f) => join(MULTICLASS_DIR, 'model', f)));
  await expect(studio.byId('status.model')).toContainText('3-class softmax out');
}
