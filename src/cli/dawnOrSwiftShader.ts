/**
 * Import first (before TF.js's WebGPU backend) to give Node WebGPU through Dawn: on the GPU that
 * VK_ICD_FILENAMES names, else on SwiftShader. Used by WebGPU tests (which skip with the reason
 * when it is unavailable) and by `npm run bench:node`.
 */
import { installDawn } from './dawn';

export const dawnUnavailable: string | null = installDawn({ fallbackToSwiftShader: true });
