/**
 * Every entry and event of the bundled Western Balkans pack must cite an
 * authoritative page: an encyclopaedia, the UN, the EU, NATO, the OSCE, the
 * Council of Europe, a court or a government. News sites are deliberately
 * absent from the allow-list, so a news citation makes this test fail and
 * cannot slip back into the pack unnoticed. Adding a host here is a review
 * decision: it must be an organisation's or a government's own site.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * Registrable domains whose pages count as authoritative, grouped by kind.
 * A host matches a domain when it is that domain or one of its subdomains
 * (`en.wikipedia.org` matches `wikipedia.org`); nothing broader, such as a
 * whole top-level domain, is ever allowed.
 */
const AUTHORITATIVE_DOMAINS = {
  encyclopaedias: ['wikipedia.org', 'britannica.com'],
  unitedNations: [
    'icj-cij.org',
    'icty.org',
    'irmct.org',
    'ohchr.org',
    'un.org',
    'undocs.org',
    'undp.org',
    'unesco.org',
    'unhcr.org',
    'unmikonline.org',
    'unmissions.org',
  ],
  europeanUnion: ['euforbih.org', 'eulex-kosovo.eu', 'europa.ba', 'europa.eu'],
  otherInternational: [
    'bledstrategicforum.org',
    'cefta.int',
    'coe.int',
    'ebrd.com',
    'eib.org',
    'energy-community.org',
    'icmp.int',
    'icrc.org',
    'idea.int',
    'imf.org',
    'interpol.int',
    'nato.int',
    'ohr.int',
    'osce.org',
    'rcc.int',
    'rycowb.org',
    'transport-community.org',
    'visegradgroup.eu',
    'wbif.eu',
    'westernbalkansfund.org',
    'worldbank.org',
    'wto.org',
  ],
  courtsAndProsecutors: [
    'gjk-ks.org',
    'gjk.gov.al',
    'gjyqesori-rks.org',
    'icc-cpi.int',
    'pravosudje.ba',
    'prokuroria-rks.org',
    'scp-ks.org',
    'spak.gov.al',
    'sudbih.gov.ba',
    'tuzilastvobih.gov.ba',
    'tuzilastvocg.me',
    'tuzilastvorz.org.rs',
    'ustavensud.mk',
    'ustavni.sud.rs',
    'ustavnisud.ba',
    'ustavnisud.me',
    'vrh.sud.rs',
    'vss.sud.rs',
  ],
  governmentsAndParliaments: [
    'acas.rs',
    'ambasadat.gov.al',
    'antikorupcija.me',
    'auswaertiges-amt.de',
    'bankofalbania.org',
    'bia.gov.rs',
    'bmaw.gv.at',
    'bqk-kos.org',
    'bundesregierung.de',
    'bundestag.de',
    'cbbh.ba',
    'cbcg.me',
    'dik.co.me',
    'diplomatie.gouv.fr',
    'dksk.mk',
    'esteri.it',
    'fbihvlada.gov.ba',
    'gov.me',
    'gov.uk',
    'izbori.ba',
    'kim.gov.rs',
    'kosovopolice.com',
    'kqz-ks.org',
    'kqz.gov.al',
    'izbori.hr',
    'kremlin.ru',
    'kryeministria.al',
    'kuvendikosoves.org',
    'mfa-ks.net',
    'mfa.gov.rs',
    'mod.gov.ba',
    'mod.gov.rs',
    'mup.gov.rs',
    'narodnaskupstinars.net',
    'nbrm.mk',
    'nbs.rs',
    'oik-rks.org',
    'ombudsmen.gov.ba',
    'parlament.al',
    'parlament.ba',
    'parlament.gov.rs',
    'parlamentfbih.gov.ba',
    'predsednik.rs',
    'predsednik.si',
    'predsjednistvobih.ba',
    'president-ksgov.net',
    'president.al',
    'pretsedatel.mk',
    'rem.rs',
    'rks-gov.net',
    'sabor.hr',
    'sec.mk',
    'sipa.gov.ba',
    'skupstina.me',
    'sobranie.mk',
    'srbija.gov.rs',
    'state.gov',
    'treasury.gov',
    'uino.gov.ba',
    'usembassy.gov',
    'vijeceministara.gov.ba',
    'vlada.gov.hr',
    'vlada.mk',
    'vs.rs',
  ],
} as const;

const ALLOWED_DOMAINS: readonly string[] = Object.values(AUTHORITATIVE_DOMAINS).flat();

/** Why a source URL is not acceptable, or `null` when it is. */
function sourceProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:') return `uses ${parsed.protocol} instead of https:`;
  const host = parsed.hostname.toLowerCase();
  const allowed = ALLOWED_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
  return allowed ? null : `host ${host} is not on the allow-list of authoritative hosts`;
}

interface Sourced {
  id: string;
  source: { url: string };
}

const pack = JSON.parse(readFileSync(resolve(import.meta.dirname, '../public/packs/western-balkans.json'), 'utf8')) as {
  entries: Sourced[];
  events: Sourced[];
};

describe('sources of the bundled Western Balkans pack', () => {
  test('every entry and event cites an https page on an authoritative host', () => {
    const problems = [...pack.entries, ...pack.events].flatMap((item) => {
      const problem = sourceProblem(item.source.url);
      return problem ? [`${item.id}: ${item.source.url} ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  test('the check accepts authoritative pages', () => {
    expect(sourceProblem('https://en.wikipedia.org/wiki/Kosovo_Force')).toBeNull();
    expect(sourceProblem('https://www.nato.int/kfor')).toBeNull();
    expect(sourceProblem('https://neighbourhood-enlargement.ec.europa.eu/')).toBeNull();
  });

  test('the check rejects news sites, look-alike hosts and plain http', () => {
    expect(sourceProblem('https://kossev.info/some-story/')).toMatch(/not on the allow-list/);
    expect(sourceProblem('https://www.startribune.com/story')).toMatch(/not on the allow-list/);
    expect(sourceProblem('https://wikipedia.org.example.com/wiki/Kosovo')).toMatch(/not on the allow-list/);
    expect(sourceProblem('https://notwikipedia.org/wiki/Kosovo')).toMatch(/not on the allow-list/);
    expect(sourceProblem('http://en.wikipedia.org/wiki/Kosovo')).toMatch(/instead of https/);
    expect(sourceProblem('not a url')).toMatch(/not a URL/);
  });
});
