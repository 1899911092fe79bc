/**
 * Orders the meanings of an ambiguous term ("Ohrid": the city, the 2001
 * agreement, the 2023 agreement) by how strongly each is connected to the
 * other entries spotted on the same page. An article that also mentions
 * Kurti, Vučić and Lajčák is about the 2023 Kosovo–Serbia agreement.
 */
export function rankCandidates(
  candidates: readonly string[],
  links: Readonly<Record<string, readonly string[]>>,
  spottedOnPage: ReadonlySet<string>,
): string[] {
  const candidateSet = new Set(candidates);
  const score = (id: string) => {
    let connections = 0;
    // The other candidates of the same term do not count: they are spotted because the term is.
    // Own properties only: an entry may be called "constructor", which every object inherits.
    const neighbours = Object.hasOwn(links, id) ? (links[id] ?? []) : [];
    for (const neighbour of neighbours) if (spottedOnPage.has(neighbour) && !candidateSet.has(neighbour)) connections++;
    return connections;
  };
  const scored = candidates.map((id, order) => ({ id, order, score: score(id) }));
  // Ties keep the pack's order, so the result is stable and predictable.
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.map((item) => item.id);
}
