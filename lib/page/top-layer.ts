/**
 * A modal <dialog> lives in the browser's top layer, above every z-index, and
 * makes the rest of the page inert. A card for a term inside it must live
 * inside that dialog too, or it is painted under it and cannot be used.
 */

/** The open modal dialog that contains `range`, if any (the innermost one). */
export function modalDialogAround(range: Range): HTMLDialogElement | null {
  const node = range.startContainer;
  const element = node instanceof Element ? node : node.parentElement;
  const dialog = element?.closest('dialog');
  if (!(dialog instanceof HTMLDialogElement) || !dialog.open) return null;
  try {
    return dialog.matches(':modal') ? dialog : null;
  } catch {
    // A browser without :modal: an open dialog is treated as modal, which costs nothing if it is not.
    return dialog;
  }
}
