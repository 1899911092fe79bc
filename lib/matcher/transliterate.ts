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

const LETTER = /^\p{L}$/u;
const HAS_COMBINING_MARK = /\p{M}/u;

/**
 * Both directions as dense arrays indexed by code unit (both cases): looking
 * characters up by string key, or missing in an array with holes (which
 * searches the prototype chain), was a large part of compiling 10k aliases.
 */
const TABLE_SIZE = 0x500;
const latinByCyrillicCode: Array<string | undefined> = Array.from({ length: TABLE_SIZE }, () => undefined);
const cyrillicByLatinCode: Array<string | undefined> = Array.from({ length: TABLE_SIZE }, () => undefined);
/** Lower-case first letters of lj, nj and dž. */
const LATIN_DIGRAPH_FIRST = new Set<number>();
const CYRILLIC_BY_DIGRAPH = new Map<string, string>();
for (const [cyrillic, latin] of Object.entries(CYRILLIC_TO_LATIN)) {
  const upperCyrillic = cyrillic.toUpperCase();
  latinByCyrillicCode[cyrillic.charCodeAt(0)] = latin;
  latinByCyrillicCode[upperCyrillic.charCodeAt(0)] = latin.charAt(0).toUpperCase() + latin.slice(1);
  if (latin.length === 1) {
    cyrillicByLatinCode[latin.charCodeAt(0)] = cyrillic;
    cyrillicByLatinCode[latin.toUpperCase().charCodeAt(0)] = upperCyrillic;
  } else {
    LATIN_DIGRAPH_FIRST.add(latin.charCodeAt(0));
    CYRILLIC_BY_DIGRAPH.set(latin, cyrillic);
    CYRILLIC_BY_DIGRAPH.set(latin.charAt(0).toUpperCase() + latin.slice(1), upperCyrillic);
    CYRILLIC_BY_DIGRAPH.set(latin.toUpperCase(), upperCyrillic);
  }
}

function isUpper(char: string): boolean {
  return char !== char.toLowerCase();
}

function latinOf(code: number): string | undefined {
  return code < TABLE_SIZE ? latinByCyrillicCode[code] : undefined;
}

function cyrillicOf(code: number): string | undefined {
  return code < TABLE_SIZE ? cyrillicByLatinCode[code] : undefined;
}

function isCyrillicLetter(char: string): boolean {
  return char !== '' && latinOf(char.charCodeAt(0)) !== undefined;
}

function cyrillicToLatin(text: string): string {
  let result = '';
  for (let index = 0; index < text.length; index++) {
    const latin = latinOf(text.charCodeAt(index));
    if (latin === undefined) {
      result += text.charAt(index);
    } else if (latin.length === 1 || !isUpper(latin)) {
      result += latin;
    } else {
      // Љ is "LJ" inside a word written in capitals and "Lj" in a capitalised one.
      const next = text.charAt(index + 1);
      const neighbour = isCyrillicLetter(next) ? next : text.charAt(index - 1);
      result += isCyrillicLetter(neighbour) && isUpper(neighbour) ? latin.toUpperCase() : latin;
    }
  }
  return result;
}

function latinToCyrillic(text: string): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (LATIN_DIGRAPH_FIRST.has(code | 0x20)) {
      const digraph = CYRILLIC_BY_DIGRAPH.get(text.slice(index, index + 2));
      if (digraph !== undefined) {
        result += digraph;
        index += 2;
        continue;
      }
    }
    result += cyrillicOf(code) ?? text.charAt(index);
    index++;
  }
  return result;
}

const NO_SCRIPT = 0;
const LATIN = 1;
const CYRILLIC = 2;

/** Which Serbian alphabet every letter of `text` belongs to, or NO_SCRIPT when there are none or both or others. */
function serbianScript(text: string): number {
  let script = NO_SCRIPT;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    let letterScript: number;
    if (cyrillicOf(code) !== undefined) letterScript = LATIN;
    else if (latinOf(code) !== undefined) letterScript = CYRILLIC;
    else if (code < 0x80) {
      // q, w, x and y are the only ASCII letters outside the Serbian Latin alphabet.
      if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) return NO_SCRIPT;
      continue;
    } else {
      const codePoint = text.codePointAt(index)!;
      if (LETTER.test(String.fromCodePoint(codePoint))) return NO_SCRIPT;
      if (codePoint > 0xffff) index++;
      continue;
    }
    if (script !== NO_SCRIPT && script !== letterScript) return NO_SCRIPT;
    script = letterScript;
  }
  return script;
}

/**
 * The same alias in the other Serbian script, or null when the alias is not
 * Serbian in one script only (mixed scripts, letters outside the alphabet).
 */
export function transliterateSerbian(alias: string): string | null {
  // A decomposed č or ž must be composed to be looked up; most aliases have nothing to compose.
  const text = HAS_COMBINING_MARK.test(alias) ? alias.normalize('NFC') : alias;
  const script = serbianScript(text);
  if (script === LATIN) return latinToCyrillic(text);
  if (script === CYRILLIC) return cyrillicToLatin(text);
  return null;
}
