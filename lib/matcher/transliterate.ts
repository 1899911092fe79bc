/**
 * Serbian is written in both Cyrillic and Latin, letter for letter, so an
 * alias given in one script can be matched in the other. Only aliases whose
 * every letter belongs to the Serbian alphabet of their script are
 * transliterated: "Kosovo Security Force" (with a y) or "EULEX" (with an x)
 * are English and get no Cyrillic twin, and Russian-only letters (ы, я) keep a
 * Cyrillic alias as it is.
 */

const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  ђ: 'đ',
  е: 'e',
  ж: 'ž',
  з: 'z',
  и: 'i',
  ј: 'j',
  к: 'k',
  л: 'l',
  љ: 'lj',
  м: 'm',
  н: 'n',
  њ: 'nj',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  ћ: 'ć',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'č',
  џ: 'dž',
  ш: 'š',
};

const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(CYRILLIC_TO_LATIN).map(([cyrillic, latin]) => [latin, cyrillic]),
);

const LATIN_DIGRAPHS = ['lj', 'nj', 'dž'];

const LETTER = /^\p{L}$/u;
const CYRILLIC_LETTER = /\p{Script=Cyrillic}/u;
const LATIN_LETTER = /\p{Script=Latin}/u;

function isUpper(char: string): boolean {
  return char !== char.toLowerCase();
}

function cyrillicToLatin(text: string): string | null {
  const chars = Array.from(text);
  let result = '';
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index]!;
    if (!LETTER.test(char)) {
      result += char;
      continue;
    }
    const latin = CYRILLIC_TO_LATIN[char.toLowerCase()];
    if (latin === undefined) return null;
    if (!isUpper(char)) {
      result += latin;
    } else if (latin.length === 1) {
      result += latin.toUpperCase();
    } else {
      // Љ is "LJ" inside a word written in capitals and "Lj" in a capitalised one.
      const next = chars[index + 1];
      const previous = chars[index - 1];
      const neighbour = next !== undefined && LETTER.test(next) ? next : previous;
      const inCapitals = neighbour !== undefined && LETTER.test(neighbour) && isUpper(neighbour);
      result += inCapitals ? latin.toUpperCase() : latin.charAt(0).toUpperCase() + latin.slice(1);
    }
  }
  return result;
}

function latinToCyrillic(text: string): string | null {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (!LETTER.test(char)) {
      result += char;
      index++;
      continue;
    }
    const pair = text.slice(index, index + 2).toLowerCase();
    const letter = LATIN_DIGRAPHS.includes(pair) ? pair : char.toLowerCase();
    const cyrillic = LATIN_TO_CYRILLIC[letter];
    if (cyrillic === undefined) return null;
    result += isUpper(char) ? cyrillic.toUpperCase() : cyrillic;
    index += letter.length;
  }
  return result;
}

/**
 * The same alias in the other Serbian script, or null when the alias is not
 * Serbian in one script only (mixed scripts, letters outside the alphabet).
 */
export function transliterateSerbian(alias: string): string | null {
  const text = alias.normalize('NFC');
  const hasCyrillic = CYRILLIC_LETTER.test(text);
  const hasLatin = LATIN_LETTER.test(text);
  if (hasCyrillic === hasLatin) return null;
  return hasCyrillic ? cyrillicToLatin(text) : latinToCyrillic(text);
}
