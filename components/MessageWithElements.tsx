import type { ComponentChildren } from 'preact';

/**
 * A translated sentence with elements inside it ("{0} move through the
 * results"): the message is fetched with `{0}`, `{1}`… as its substitutions,
 * so each language places the elements where its word order needs them.
 */
export function MessageWithElements({ text, elements }: { text: string; elements: ComponentChildren[] }) {
  return (
    <>
      {text.split(/\{(\d)\}/).map((part, i) =>
        // split() with a capture group alternates text and captured indexes.
        i % 2 === 0 ? part : <span key={i}>{elements[Number(part)]}</span>,
      )}
    </>
  );
}
