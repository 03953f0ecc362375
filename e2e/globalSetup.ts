/** Regenerates the e2e fixtures before the journeys run. */
import { makeFixtures } from './fixtures/makeFixtures';

export default async function globalSetup(): Promise<void> {
  await makeFixtures();
}
