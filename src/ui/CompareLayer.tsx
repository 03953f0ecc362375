/**
 * The compare view inside the zoomable stage: one canvas holding both sides (image/swipe.ts) —
 * split at the divider in the swipe view, one whole side in the flip view — with the divider or
 * the name of the side on screen. One canvas, so what is seen is exactly what each side is.
 */
import { useMemo } from 'react';
import { composeSwipe, splitColumn } from '../image/swipe';
import { RgbaCanvas } from './RgbaCanvas';
import { SwipeDivider } from './SwipeDivider';
import { useStudio } from './studioContext';
import { useStageView } from './ZoomStage';
import { type CompareSide, type CompareSides } from './useCompareSides';

interface Props {
  readonly sides: CompareSides;
  readonly width: number;
  readonly height: number;
  readonly opacity: number;
}

/** A side's name with its Dice and any note, as the labels show it. */
export function SideLabel({ side, testId }: { readonly side: CompareSide; readonly testId: string }) {
  return (
    <>
      {side.name}
      {side.dice !== null && (
        <>
          {side.diceKind === 'class mean' ? ' · mean Dice over classes ' : side.diceKind === 'any class' ? ' · Dice of any class ' : ' · Dice '}
          <span data-testid={testId} data-value={side.dice}>
            {side.dice.toFixed(3)}
          </span>
        </>
      )}
      {side.note && ` · ${side.note}`}
    </>
  );
}

export function CompareLayer({ sides, width, height, opacity }: Props) {
  const compare = useStudio((s) => s.compare);
  const setSplit = useStudio((s) => s.setCompareSplit);
  const t = useStageView().transform;
  // The sides are drawn at the viewer's overview size (sides.width × sides.height); the divider
  // works in the image's own pixels, and the split is a fraction of the width in both.
  const { left, right, width: drawnWidth, height: drawnHeight } = sides;
  const column = compare.view === 'swipe' ? splitColumn(compare.split, drawnWidth) : compare.flipped ? 0 : drawnWidth;
  const empty = useMemo(() => new Uint8ClampedArray(drawnWidth * drawnHeight * 4), [drawnWidth, drawnHeight]);
  const pixels = useMemo(
    () => composeSwipe(left.pixels ?? empty, right.pixels ?? empty, drawnWidth, drawnHeight, column),
    [left.pixels, right.pixels, empty, drawnWidth, drawnHeight, column],
  );
  const shown = compare.flipped ? right : left;
  return (
    <>
      <RgbaCanvas width={drawnWidth} height={drawnHeight} pixels={pixels} className="layer" testId="viewer.compare" opacity={opacity} />
      {compare.view === 'swipe' ? (
        <SwipeDivider
          width={width}
          height={height}
          split={compare.split}
          onChange={setSplit}
          leftName={left.name}
          rightName={right.name}
          left={<>◀ <SideLabel side={left} testId="viewer.compare-left-dice" /></>}
          right={<><SideLabel side={right} testId="viewer.compare-right-dice" /> ▶</>}
        />
      ) : (
        // In screen pixels at the top left of what is on screen (see SwipeDivider for why).
        <div className="swipe-anchor" style={{ left: 0, transform: `scale(${1 / t.scale})` }}>
          <span className="flip-label" style={{ left: Math.max(0, -t.x) + 8, top: Math.max(0, -t.y) + 8 }} data-testid="viewer.compare-shown" data-side={compare.flipped ? 'right' : 'left'}>
            Showing: <SideLabel side={shown} testId="viewer.compare-shown-dice" />
          </span>
        </div>
      )}
    </>
  );
}
