/** Small pieces every one of our WebGPU programs uses: int32 uniforms and a flat 64-wide dispatch. */

/** One int32 uniform (a scalar, or a vecN from N values), as `runWebGPUProgram` takes it. */
export const int32 = (...data: number[]) => ({ type: 'int32', data });

/** Several scalar int32 uniforms, in declaration order. */
export const int32s = (values: readonly number[]) => values.map((v) => int32(v));

/** Invocations per workgroup of the flat (one index per invocation) programs. */
export const FLAT_WORKGROUP: [number, number, number] = [64, 1, 1];

/** Workgroups for `invocations` flat invocations. */
export const flatDispatch = (invocations: number): [number, number, number] => [Math.ceil(invocations / FLAT_WORKGROUP[0]), 1, 1];
