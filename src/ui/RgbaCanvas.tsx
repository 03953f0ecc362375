/** A canvas showing RGBA pixels at their own resolution; CSS scales it. */
import { useEffect, useRef } from 'react';

interface Props {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8ClampedArray | null;
  readonly className?: string;
  readonly label?: string;
  readonly testId?: string;
  readonly opacity?: number;
}

export function RgbaCanvas({ width, height, pixels, className, label, testId, opacity }: Props) {
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
      style={opacity === undefined ? undefined : { opacity }}
    />
  );
}
