/** Checks the built page carries no TF.js, then regenerates the e2e fixtures before the journeys run. */
import { checkEntryChunk } from '../scripts/check-bundle.mjs';
import { makeFixtures } from './fixtures/makeFixtures';

export default async function globalSetup(): Promise<void> {
  checkEntryChunk();
  await makeFixtures();
}
