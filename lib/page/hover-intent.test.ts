/**
 * Hover intent timing with a stand-in registry whose "spot under the pointer"
 * is set by the test, and fake timers for the open and close delays.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { HoverIntent } from './hover-intent';
import type { Spot, SpotRegistry } from './spots';

const OPEN_DELAY = 250;
const CLOSE_DELAY = 300;

function setUp() {
  let under: Spot | undefined;
  const registry = { spotAt: () => under } as unknown as SpotRegistry;
  const opened: Spot[] = [];
  let closes = 0;
  const intent = new HoverIntent(() => registry, {
    openDelayMs: () => OPEN_DELAY,
    closeDelayMs: CLOSE_DELAY,
    onOpen: (spot) => opened.push(spot),
    onClose: () => closes++,
    isOverCard: () => false,
  });
  /** Moves the pointer onto `spot` (or off every term) and lets the frame's hit test run. */
  const moveTo = (spot: Spot | undefined) => {
    under = spot;
    intent.handlePointerMove(new PointerEvent('pointermove', { clientX: 1, clientY: 1 }));
    vi.advanceTimersToNextFrame();
  };
  return { moveTo, opened, closes: () => closes };
}

const kfor = { entryIds: ['kfor'] } as unknown as Spot;
const eulex = { entryIds: ['eulex'] } as unknown as Spot;

describe('HoverIntent', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test('opens after the pointer rests on a term, closes after it leaves', () => {
    const { moveTo, opened, closes } = setUp();
    moveTo(kfor);
    vi.advanceTimersByTime(OPEN_DELAY);
    expect(opened).toEqual([kfor]);
    moveTo(undefined);
    vi.advanceTimersByTime(CLOSE_DELAY);
    expect(closes()).toBe(1);
  });

  test('crossing a gap from one open term to another opens the second and does not close it', () => {
    const { moveTo, opened, closes } = setUp();
    moveTo(kfor);
    vi.advanceTimersByTime(OPEN_DELAY);
    // Off the first term (a close is scheduled), then onto the second before it fires; the pointer rests there.
    moveTo(undefined);
    vi.advanceTimersByTime(CLOSE_DELAY / 3);
    moveTo(eulex);
    vi.advanceTimersByTime(OPEN_DELAY + CLOSE_DELAY);
    expect(opened).toEqual([kfor, eulex]);
    expect(closes()).toBe(0);
  });
});
