/**
 * For tests of WebGPU code under Node: import this first. It installs Dawn on SwiftShader (or on
 * the GPU that VK_ICD_FILENAMES names) and says why not when it cannot, so suites can skip.
 */
import { installDawn } from '../cli/dawn';

export const dawnUnavailable: string | null = installDawn({ fallbackToSwiftShader: true });
