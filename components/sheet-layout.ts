/**
 * The card as a bottom sheet, on screens too narrow for a card beside its term
 * (phones): full width along the bottom of what the reader sees, which is the
 * visual viewport. When the on-screen keyboard opens (to write a note) or the
 * reader zooms in, the visual viewport shrinks while the layout viewport that
 * `position: fixed` refers to does not, so the sheet follows the visual one.
 */

/** Below about 600 CSS px the card is a sheet; card.css uses the same width. */
export const SHEET_MEDIA_QUERY = '(max-width: 600px)';

/** The sheet's height at most, as a share of the visible height: the article stays in sight above it. */
const MAX_HEIGHT_SHARE = 0.7;

/** Keeps `card` along the bottom of the visual viewport; returns the function that stops following it. */
export function followVisualViewport(card: HTMLElement): () => void {
  const viewport = window.visualViewport;
  const place = () => {
    const visibleTop = viewport?.offsetTop ?? 0;
    const visibleHeight = viewport?.height ?? window.innerHeight;
    // What the keyboard (or zooming) hides of the layout viewport below the visible part.
    const hiddenBelow = Math.max(0, window.innerHeight - visibleTop - visibleHeight);
    card.style.top = 'auto';
    card.style.left = `${viewport?.offsetLeft ?? 0}px`;
    card.style.bottom = `${hiddenBelow}px`;
    card.style.width = `${viewport?.width ?? window.innerWidth}px`;
    card.style.maxHeight = `${Math.round(visibleHeight * MAX_HEIGHT_SHARE)}px`;
  };
  place();
  if (!viewport) return () => undefined;
  const controller = new AbortController();
  viewport.addEventListener('resize', place, { signal: controller.signal });
  viewport.addEventListener('scroll', place, { signal: controller.signal });
  return () => controller.abort();
}

/** Space kept between the term and the sheet's top edge, and between the term and the screen's top. */
const TERM_MARGIN = 16;

/**
 * A sheet covers the lower part of the screen, where the tapped term may be:
 * the page scrolls just enough to show the term above the sheet (never past the
 * screen's top), so the reader sees what the card explains and can tap it again.
 */
export function scrollTermAboveSheet(term: Range, sheet: HTMLElement): void {
  const termBox = term.getBoundingClientRect();
  const sheetBox = sheet.getBoundingClientRect();
  // The entry is often still loading, so the sheet is counted at its full height, not its current one.
  const sheetTop = sheetBox.bottom - (parseFloat(sheet.style.maxHeight) || sheetBox.height);
  const visibleTop = window.visualViewport?.offsetTop ?? 0;
  const covered = termBox.bottom + TERM_MARGIN - sheetTop;
  if (covered <= 0) return;
  const scroll = Math.min(covered, termBox.top - visibleTop - TERM_MARGIN);
  if (scroll > 0) window.scrollBy({ top: scroll, behavior: 'smooth' });
}
