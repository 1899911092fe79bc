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
    'archives.gov',
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
    'mil.mk',
    'mod.gov.ba',
    'mod.gov.rs',
    'mup.gov.rs',
    'narodnaskupstinars.net',
    'nbrm.mk',
    'nbs.rs',
    'oik-rks.org',
    'ombudsmen.gov.ba',
    'osa-oba.gov.ba',
    'parlament.al',
    'parlament.ba',
    'parlament.gov.rs',
    'parlamentfbih.gov.ba',
    'predsednik.rs',
    'predsednik.si',
    'predsjednik.me',
    'predsjednikrs.net',
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
    'vladars.rs',
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

interface SourcedEntry extends Sourced {
  type: string;
}

const pack = JSON.parse(readFileSync(resolve(import.meta.dirname, '../public/packs/western-balkans.json'), 'utf8')) as {
  entries: SourcedEntry[];
  events: Sourced[];
};

/**
 * No single host may supply more than this share of all sources (issue 13, item 4): a pack
 * that leans on one site inherits that site's errors and outages wholesale.
 */
const MAX_SHARE_OF_ONE_HOST = 0.6;

/** The host with the most sources among `urls`, and the share of `urls` it supplies. */
function dominantHost(urls: readonly string[]): { host: string; share: number } {
  const counts = new Map<string, number>();
  for (const url of urls) {
    const host = new URL(url).hostname.toLowerCase();
    counts.set(host, (counts.get(host) ?? 0) + 1);
  }
  let top = { host: '', count: 0 };
  for (const [host, count] of counts) if (count > top.count) top = { host, count };
  return { host: top.host, share: urls.length === 0 ? 0 : top.count / urls.length };
}

/** Entry types whose own texts exist, so an encyclopaedia's summary of them is second-hand. */
const PRIMARY_SOURCE_TYPES: ReadonlySet<string> = new Set(['agreement', 'institution']);

/**
 * Agreements still waiting for a primary page: no official text or depositary page could be
 * confirmed yet (the 2013 text was never published by either government; the 2020 documents
 * were released only as photographs). Listed by id so that any other agreement or institution
 * citing an encyclopaedia fails, and so that this list must shrink when one of them is re-sourced.
 */
const AWAITING_PRIMARY_SOURCE: readonly string[] = ['brussels-agreement-2013', 'washington-agreement-2020'];

function isEncyclopaedia(url: string): boolean {
  const host = new URL(url).hostname.toLowerCase();
  return AUTHORITATIVE_DOMAINS.encyclopaedias.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** Ids of agreements and institutions whose source is an encyclopaedia. */
function encyclopaediaSourcedPrimaries(entries: readonly SourcedEntry[]): string[] {
  return entries
    .filter((entry) => PRIMARY_SOURCE_TYPES.has(entry.type) && isEncyclopaedia(entry.source.url))
    .map((entry) => entry.id)
    .sort();
}

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

  test(`no single host supplies more than ${MAX_SHARE_OF_ONE_HOST * 100}% of all sources`, () => {
    const { host, share } = dominantHost([...pack.entries, ...pack.events].map((item) => item.source.url));
    expect(share, `${host} supplies ${(share * 100).toFixed(1)}% of all sources`).toBeLessThanOrEqual(
      MAX_SHARE_OF_ONE_HOST,
    );
  });

  test('the share check finds the host that dominates', () => {
    const urls = ['https://en.wikipedia.org/wiki/A', 'https://en.wikipedia.org/wiki/B', 'https://www.nato.int/'];
    expect(dominantHost(urls)).toEqual({ host: 'en.wikipedia.org', share: 2 / 3 });
    expect(dominantHost([]).share).toBe(0);
  });

  test('agreements and institutions cite their own text or site, not an encyclopaedia', () => {
    expect(encyclopaediaSourcedPrimaries(pack.entries)).toEqual([...AWAITING_PRIMARY_SOURCE].sort());
  });

  test('the primary-source check flags agreements and institutions only', () => {
    const entry = (id: string, type: string, url: string): SourcedEntry => ({ id, type, source: { url } });
    expect(
      encyclopaediaSourcedPrimaries([
        entry('treaty', 'agreement', 'https://www.britannica.com/event/Treaty'),
        entry('court', 'institution', 'https://en.wikipedia.org/wiki/Court'),
        entry('town', 'place', 'https://en.wikipedia.org/wiki/Town'),
        entry('accord', 'agreement', 'https://undocs.org/S/1995/999'),
      ]),
    ).toEqual(['court', 'treaty']);
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
