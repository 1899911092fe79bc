import { describe, expect, it } from 'vitest';
import type { CaseMode, Term } from '../model';
import { isCaseSensitive } from './case-rule';
import { compileMatcher, compileMatcherInSlices, type MatcherOptions } from './compile';
import type { Match } from './tables';
import { compileReferenceMatcher } from './reference';

function term(text: string, entryIds: string[], caseMode: CaseMode = 'auto'): Term {
  return { text, case: caseMode, entryIds };
}

/** The matched text and ids, which read better in failures than offsets; checked against the reference too. */
function spots(terms: Term[], text: string, options?: MatcherOptions): Array<[string, readonly string[]]> {
  const matches = compileMatcher(terms, options).find(text);
  expect(matches).toEqual(compileReferenceMatcher(terms, options).find(text));
  return matches.map((match) => [text.slice(match.start, match.end), match.entryIds]);
}

function found(terms: Term[], text: string, options?: MatcherOptions): string[] {
  return spots(terms, text, options).map(([slice]) => slice);
}

const KFOR = term('KFOR', ['kfor']);
const EULEX = term('EULEX', ['eulex']);
const NATO = term('NATO', ['nato']);
const KOSOVO = term('Kosovo', ['kosovo']);
const KSF = term('Kosovo Security Force', ['kosovo-security-force']);

describe('compileMatcher', () => {
  it('reports UTF-16 offsets into the original text, sorted by start', () => {
    const matches: Match[] = compileMatcher([KFOR, KOSOVO]).find('😀 KFOR in Kosovo');
    expect(matches).toEqual([
      { start: 3, end: 7, entryIds: ['kfor'] },
      { start: 11, end: 17, entryIds: ['kosovo'] },
    ]);
  });

  describe('multi-word aliases and longest match', () => {
    it('prefers "Kosovo Security Force" over "Kosovo" and does not overlap', () => {
      expect(spots([KOSOVO, KSF], 'The Kosovo Security Force patrols Kosovo.')).toEqual([
        ['Kosovo Security Force', ['kosovo-security-force']],
        ['Kosovo', ['kosovo']],
      ]);
    });

    it('falls back to the shorter alias when the longer one is incomplete', () => {
      expect(found([KOSOVO, KSF], 'Kosovo Security Forum')).toEqual(['Kosovo']);
      expect(found([KOSOVO, KSF], 'Kosovo Security')).toEqual(['Kosovo']);
    });

    it('matches "Republika Srpska" across any whitespace', () => {
      const srpska = term('Republika Srpska', ['republika-srpska']);
      expect(found([srpska], 'in Republika\n   Srpska and Republika srpska')).toEqual([
        'Republika\n   Srpska',
        'Republika srpska',
      ]);
    });

    it('matches a no-break space inside "Kosovo\\u00a0Security Force"', () => {
      expect(found([KSF], 'the Kosovo\u00a0Security Force')).toEqual(['Kosovo\u00a0Security Force']);
      expect(found([KSF], 'the Kosovo\u202fSecurity\u2009Force')).toEqual(['Kosovo\u202fSecurity\u2009Force']);
    });

    it('matches aliases with punctuation inside, such as "U.N."', () => {
      const un = term('U.N.', ['united-nations']);
      expect(found([un, term('UN', ['united-nations'])], 'the U.N. said; U.N.-backed; UNMIK; the UN')).toEqual([
        'U.N.',
        'U.N.',
        'UN',
      ]);
    });

    it('resumes after a match, so a later alias still matches', () => {
      const serbia = term('Serbia', ['serbia']);
      const dialogue = term('Kosovo-Serbia', ['dialogue']);
      expect(found([serbia, dialogue, KOSOVO], 'Kosovo-Serbia talks; Serbia and Kosovo')).toEqual([
        'Kosovo-Serbia',
        'Serbia',
        'Kosovo',
      ]);
    });
  });

  describe('word boundaries', () => {
    it('does not match "Ohrid" inside "Ohridski"', () => {
      expect(found([term('Ohrid', ['ohrid'])], 'Ohridski sporazum, Ohrid.')).toEqual(['Ohrid']);
    });

    it('does not match "EULEX" inside "XEULEX" or "EULEX2"', () => {
      expect(found([EULEX], 'XEULEX EULEX2 EULEX_ (EULEX)')).toEqual(['EULEX', 'EULEX']);
    });

    it('treats letters of any script and combining marks as part of words', () => {
      const ohrid = term('Ohrid', ['ohrid']);
      expect(found([ohrid], 'čOhrid Ohridž Ohrid\u0430 e\u0301Ohrid 1Ohrid')).toEqual([]);
      expect(found([ohrid], '«Ohrid», Ohrid-based, Ohrid’')).toEqual(['Ohrid', 'Ohrid', 'Ohrid']);
    });

    it('counts a combining mark after the last letter as part of the match', () => {
      expect(found([term('Ohrid', ['ohrid'])], 'Ohrid\u0301 lake')).toEqual(['Ohrid\u0301']);
    });

    it('does not join two lone surrogates that a dropped character separates into one letter', () => {
      // Folding drops the soft hyphen, but the halves were never a pair in the text: neither is a letter.
      expect(found([KOSOVO], '\ud835\u00ad\udc00Kosovo Kosovo\ud835\u00ad\udc00')).toEqual(['Kosovo', 'Kosovo']);
      expect(found([KOSOVO], '\ud835\udc00Kosovo Kosovo\ud835\udc00')).toEqual([]);
    });
  });

  it('resumes the scan at surrogates and at characters of blocks not folded yet, wherever they fall', () => {
    // The scan stops its loop at such units (see scanPart), every 512 units too: offsets around 512 put them at a part's edge.
    const boldA = term('\u{1D400}lpha', ['bold-alpha']);
    const units = ['\u{1D400}', '\u{1F600}', '\ud835', '\u10d0', '\u0561'];
    for (let pad = 500; pad < 516; pad++) {
      for (const unit of units) {
        const text = `${'ab '.repeat(pad / 3)}${' '.repeat(pad % 3)}${unit}Kosovo ${unit} Kosovo ${unit}\u{1D400}lpha ${unit}`;
        spots([KOSOVO, boldA], text);
        expect(found([KOSOVO, boldA], text).length).toBeGreaterThan(0);
      }
    }
    expect(found([KOSOVO], 'x \u{1D400}Kosovo \u{1F600}Kosovo \ud835Kosovo')).toEqual(['Kosovo', 'Kosovo']);
  });

  describe('case', () => {
    it('matches an alias in capitals only in capitals', () => {
      expect(found([KFOR], 'kfor Kfor KFOR kFOR')).toEqual(['KFOR']);
    });

    it('matches a proper name in any case as long as it starts with a capital', () => {
      expect(found([KOSOVO], 'KOSOVO kosovo Kosovo KoSoVo')).toEqual(['KOSOVO', 'Kosovo', 'KoSoVo']);
      expect(found([term('Kosovo Security Force', ['ksf'])], 'the Kosovo security force')).toEqual([
        'Kosovo security force',
      ]);
    });

    it('does not take a capital S after an acronym for a plural, but keeps capital possessives', () => {
      expect(found([term('RS', ['republika-srpska']), term('EU', ['eu'])], "RSS feeds, EUS, RS’s, EU'S, RSs")).toEqual([
        'RS',
        'EU',
        'RS',
      ]);
    });

    it('does not take a common word for a capitalised name', () => {
      expect(found([term('Trump', ['donald-trump'])], 'a trump card; Trump said')).toEqual(['Trump']);
    });

    it('matches an alias written in lower case in any case', () => {
      expect(found([term('mini-Schengen', ['open-balkan'])], 'Mini-Schengen and mini-schengen')).toEqual([
        'Mini-Schengen',
        'mini-schengen',
      ]);
    });

    it('lets an alias override the rule either way', () => {
      expect(found([term('Ohrid', ['ohrid'], 'sensitive')], 'OHRID ohrid Ohrid')).toEqual(['Ohrid']);
      expect(found([term('KFOR', ['kfor'], 'insensitive')], 'kfor Kfor')).toEqual(['kfor', 'Kfor']);
    });

    it('still folds diacritics in a case-sensitive alias', () => {
      expect(found([term('ŽELJO', ['zeljo'])], 'ZELJO Zeljo ŽELJO')).toEqual(['ZELJO', 'ŽELJO']);
    });

    it('decides "written in capitals" from letters only', () => {
      expect(isCaseSensitive('G7', 'auto')).toBe(true);
      expect(isCaseSensitive('UNSC 1244', 'auto')).toBe(true);
      expect(isCaseSensitive('1244', 'auto')).toBe(false);
      expect(isCaseSensitive('Kosovo', 'auto')).toBe(false);
      expect(isCaseSensitive('КФОР', 'auto')).toBe(true);
    });
  });

  describe('folding', () => {
    it('matches Zvečan and Zvecan both ways, decomposed text included', () => {
      expect(found([term('Zvečan', ['zvecan'])], 'Zvecan, ZVEČAN, Zvec\u030Can.')).toEqual([
        'Zvecan',
        'ZVEČAN',
        'Zvec\u030Can',
      ]);
      expect(found([term('Zvecan', ['zvecan'])], 'Zvečan')).toEqual(['Zvečan']);
    });

    it('matches Priština, Pristina and Prishtinë', () => {
      const terms = [term('Priština', ['pristina']), term('Prishtinë', ['pristina'])];
      expect(found(terms, 'Pristina Priština Prishtinë Prishtine')).toEqual([
        'Pristina',
        'Priština',
        'Prishtinë',
        'Prishtine',
      ]);
    });

    it('matches "Belgrade-Pristina" written with an en dash', () => {
      expect(found([term('Belgrade-Pristina dialogue', ['dialogue'])], 'the Belgrade–Pristina dialogue')).toEqual([
        'Belgrade–Pristina dialogue',
      ]);
    });

    it('matches across curly and straight apostrophes', () => {
      expect(found([term('O’Brien', ['obrien'])], "O'Brien, O`Brien, O’Brien")).toEqual([
        "O'Brien",
        'O`Brien',
        'O’Brien',
      ]);
    });

    it('ignores soft hyphens inside a word', () => {
      expect(found([KOSOVO], 'Ko\u00adso\u00advo')).toEqual(['Ko\u00adso\u00advo']);
    });
  });

  describe('possessives and plurals', () => {
    it('matches "KFOR\'s" and "NATO’s" and covers the base term only', () => {
      expect(found([KFOR, NATO], "KFOR's mandate and NATO’s troops, KFOR'S")).toEqual(['KFOR', 'NATO', 'KFOR']);
    });

    it('matches plurals and plural possessives', () => {
      expect(found([KFOR, NATO], "KFORs and NATOs' bases")).toEqual(['KFOR', 'NATO']);
      expect(found([term('Balkan', ['balkans'])], 'the Balkans')).toEqual(['Balkan']);
    });

    it('does not match when the ending runs on into a word', () => {
      expect(found([KFOR], "KFORse KFOR'sx")).toEqual(['KFOR']);
    });

    it('leaves what follows an apostrophe free when it is not an ending', () => {
      expect(found([NATO, term('Serbia', ['serbia'])], 'NATO’Serbia relations')).toEqual(['NATO', 'Serbia']);
    });

    it('takes only a plain s as an ending', () => {
      expect(found([term('Ohrid', ['ohrid'])], 'Ohridš Ohridś Ohrids\u030c Ohrids')).toEqual(['Ohrid']);
    });

    it('prefers the longer alias over base plus ending', () => {
      expect(spots([term('Balkan', ['balkan']), term('Balkans', ['balkans'])], 'the Balkans')).toEqual([
        ['Balkans', ['balkans']],
      ]);
    });
  });

  describe('aliases shared by several entries', () => {
    it('reports all three entries named "Ohrid" in one match', () => {
      const terms = [
        term('Ohrid', ['ohrid']),
        term('Ohrid', ['ohrid-framework-agreement']),
        term('Ohrid', ['ohrid-agreement-2023']),
      ];
      expect(spots(terms, 'signed in Ohrid')).toEqual([
        ['Ohrid', ['ohrid', 'ohrid-framework-agreement', 'ohrid-agreement-2023']],
      ]);
    });

    it('merges aliases that fold to the same key, without duplicates', () => {
      const terms = [term('Priština', ['pristina', 'dialogue']), term('Pristina', ['airport', 'pristina'])];
      expect(spots(terms, 'Pristina')).toEqual([['Pristina', ['pristina', 'dialogue', 'airport']]]);
    });

    it('merges only the spellings whose case rule the text satisfies', () => {
      const terms = [term('KFOR', ['kfor']), term('Kfor', ['kfor-alias']), term('kfor', ['kfor-lower'])];
      expect(spots(terms, 'KFOR Kfor kfor')).toEqual([
        ['KFOR', ['kfor', 'kfor-alias', 'kfor-lower']],
        ['Kfor', ['kfor-alias', 'kfor-lower']],
        ['kfor', ['kfor-lower']],
      ]);
    });
  });

  describe('Serbian Cyrillic', () => {
    it('matches a Cyrillic name in any case that starts with a capital', () => {
      expect(found([term('Косово', ['kosovo'])], 'КОСОВО и Косово, косово')).toEqual(['КОСОВО', 'Косово']);
    });

    it('matches the Latin form of a Cyrillic alias and the Cyrillic form of a Latin one', () => {
      expect(found([term('Звечан', ['zvecan'])], 'Zvečan Zvecan Звечан')).toEqual(['Zvečan', 'Zvecan', 'Звечан']);
      expect(found([KOSOVO, KFOR], 'Косово, КФОР, кфор')).toEqual(['Косово', 'КФОР']);
    });

    it('can be told not to transliterate', () => {
      expect(found([KOSOVO], 'Косово', { transliterate: false })).toEqual([]);
    });
  });

  describe('terms that cannot match', () => {
    it('ignores empty, blank and punctuation-only terms', () => {
      const matcher = compileMatcher([term('', ['a']), term(' \u00a0 ', ['b']), term('--', ['c']), term("'", ['d'])]);
      expect(matcher.keyCount).toBe(0);
      expect(matcher.find("a -- ' b")).toEqual([]);
    });

    it('ignores terms naming no entry', () => {
      expect(found([term('Ohrid', [])], 'Ohrid')).toEqual([]);
    });

    it('trims aliases', () => {
      expect(found([term('  Ohrid ', ['ohrid'])], 'Ohrid')).toEqual(['Ohrid']);
    });
  });

  it('tells apart more aliases than 16 bits can count', () => {
    // Keys past 65,535 are split in two halves where the trie stores them beside a tail.
    const terms = Array.from({ length: 70_000 }, (_, i) => term(`Alias${i} Name`, [`entry-${i}`]));
    const matcher = compileMatcher(terms, { transliterate: false });
    expect(matcher.keyCount).toBe(70_000);
    const matches = matcher.find('Alias69999 Name met Alias65536 Name and ALIAS7 NAME.');
    expect(matches.map((match) => match.entryIds)).toEqual([['entry-69999'], ['entry-65536'], ['entry-7']]);
  }, 30_000);

  it('can scan many texts in a row with one matcher', () => {
    const matcher = compileMatcher([KFOR, KSF]);
    expect(matcher.find('Kosovo Security Force '.repeat(100))).toHaveLength(100);
    expect(matcher.find('KFOR')).toEqual([{ start: 0, end: 4, entryIds: ['kfor'] }]);
    expect(matcher.find('')).toEqual([]);
  });
});

describe('compileMatcherInSlices', () => {
  it('builds the same matcher as compileMatcher, pausing along the way', async () => {
    const terms = Array.from({ length: 1000 }, (_, i) => ({
      text: `Name${i} Surname${i}`,
      case: 'auto' as const,
      entryIds: [`entry-${i}`],
    }));
    let pauses = 0;
    const sliced = await compileMatcherInSlices(terms, {}, { budgetMs: 0, pause: async () => void pauses++ });
    const text = 'Name5 Surname5 met Name999 Surname999 and name7 surname7.';
    expect(sliced.find(text)).toEqual(compileMatcher(terms).find(text));
    expect(sliced.find(text).map((match) => match.entryIds)).toEqual([['entry-5'], ['entry-999']]);
    expect(pauses).toBeGreaterThanOrEqual(5);
  });
});
