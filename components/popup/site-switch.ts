/** The "Off on this site" switch over the `disabledSites` list. Pure, so both directions are easy to test. */

/** True when one of the listed sites covers the host (a site also covers its subdomains). */
export function isSiteOff(disabledSites: readonly string[], hostname: string): boolean {
  const host = hostname.toLowerCase();
  return disabledSites.some((site) => host === site || host.endsWith(`.${site}`));
}

/**
 * The site list after switching the host off or on. Switching on removes every
 * entry that covers the host, including a parent domain: otherwise the switch
 * would flip back to "off" at once and the reader could not undo it here.
 */
export function switchSite(disabledSites: readonly string[], hostname: string, off: boolean): string[] {
  const host = hostname.toLowerCase();
  if (off) return isSiteOff(disabledSites, host) ? [...disabledSites] : [...disabledSites, host];
  return disabledSites.filter((site) => !(host === site || host.endsWith(`.${site}`)));
}
