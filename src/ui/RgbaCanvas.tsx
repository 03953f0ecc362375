/** A canvas showing RGBA pixels at their own resolution; CSS scales it. */
import { type CSSProperties, useEffect, useRef } from 'react';

interface Props {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8ClampedArray | null;
  readonly className?: string;
  readonly label?: string;
  readonly testId?: string;
  readonly opacity?: number;
  /** Where it sits, when not over the whole stage (a zoomed detail), in the stage's image pixels. */
  readonly placement?: CSSProperties;
  /** Extra data-* attributes (what part of the image a detail canvas shows). */
  readonly data?: Readonly<Record<`data-${string}`, string | number>>;
}

export function RgbaCanvas({ width, height, pixels, className, label, testId, opacity, placement, data }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    if (!pixels) {
      context.clearRect(0, 0, width, height);
      return;
    }
    context.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  }, [pixels, width, height]);
  return (
    <canvas
      ref={ref}
      width={width}
      height={height}
      className={className}
      aria-label={label}
      role={label ? 'img' : undefined}
      data-testid={testId}
      style={opacity === undefined && !placement ? undefined : { ...placement, ...(opacity === undefined ? {} : { opacity }) }}
      {...data}
    />
  );
}
