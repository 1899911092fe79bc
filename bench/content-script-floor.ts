/**
 * Reference extensions for the page benchmark's no-term figure: what Chrome
 * charges a frame for a content script that does next to nothing, measured in
 * the same run and the same way as ours, so our figure can be read against
 * the platform's floor rather than against zero. Each is written to a
 * temporary folder as an unpacked MV3 extension with one content script in
 * every frame at document_idle, as ours.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FloorExtension {
  name: string;
  /** What its content script does. */
  does: string;
  dir: string;
}

const REFERENCES: Array<Omit<FloorExtension, 'dir'> & { script: string }> = [
  { name: 'noop', does: 'nothing (one statement)', script: 'void 0;' },
  {
    name: 'readsStorage',
    does: 'one storage.local read of two keys',
    script: "chrome.storage.local.get(['settings', 'termPrefilter']).then((stored) => { globalThis.seen = stored; });",
  },
  {
    name: 'readsStorageAndPage',
    does: 'that read, then the text of document.body',
    script:
      "chrome.storage.local.get(['settings', 'termPrefilter']).then(() => { globalThis.seen = /\\w/.test(document.body?.textContent ?? ''); });",
  },
  {
    name: 'readsStorageAndPageAndListens',
    does: 'that, and a runtime.onMessage listener in the top frame (what answering the popup needs)',
    script: [
      "chrome.storage.local.get(['settings', 'termPrefilter']).then(() => { globalThis.seen = /\\w/.test(document.body?.textContent ?? ''); });",
      'if (window.top === window) chrome.runtime.onMessage.addListener(() => false);',
    ].join('\n'),
  },
];

/** Writes the reference extensions; the caller loads each as an unpacked extension. */
export function writeFloorExtensions(): FloorExtension[] {
  const root = mkdtempSync(join(tmpdir(), 'context-lens-floor-'));
  return REFERENCES.map(({ name, does, script }) => {
    const dir = join(root, name);
    const manifest = {
      manifest_version: 3,
      name: `floor ${name}`,
      version: '1.0',
      permissions: ['storage'],
      background: { service_worker: 'background.js' },
      content_scripts: [{ matches: ['<all_urls>'], js: ['content.js'], run_at: 'document_idle', all_frames: true }],
    };
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    // A prefilter-sized value to read: 15 KB, the size of ours before format @2 (ours is 21 KB at 10k aliases now).
    writeFileSync(
      join(dir, 'background.js'),
      "chrome.runtime.onInstalled.addListener(() => chrome.storage.local.set({ termPrefilter: { version: '1', prefilter: 'x'.repeat(15000) } }));",
    );
    writeFileSync(join(dir, 'content.js'), script);
    return { name, does, dir };
  });
}
