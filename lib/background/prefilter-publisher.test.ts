import { describe, expect, test, vi } from 'vitest';
import { PREFILTER_FORMAT } from '../matcher/prefilter';
import type { TermPrefilter } from '../messaging/protocol';
import { keepPrefilterPublished, type PrefilterPublisherDependencies } from './prefilter-publisher';

const prefilterOf = (version: string, format = PREFILTER_FORMAT): TermPrefilter =>
  ({ version, prefilter: { format } }) as unknown as TermPrefilter;

function setUp(initial: { version: string; published?: unknown }) {
  let version = initial.version;
  let stored: unknown = initial.published;
  let onChange: () => void = () => undefined;
  const deps: PrefilterPublisherDependencies = {
    termsVersion: async () => version,
    currentPrefilter: vi.fn(async () => prefilterOf(version)),
    readPublished: async () => stored,
    publish: vi.fn(async (prefilter) => {
      stored = structuredClone(prefilter);
    }),
    watchTermsChanges: (listener) => {
      onChange = listener;
      return () => (onChange = () => undefined);
    },
    reportError: vi.fn(),
  };
  const publisher = keepPrefilterPublished(deps);
  return {
    deps,
    publisher,
    stored: () => stored,
    changeTerms: (next: string) => {
      version = next;
      onChange();
    },
  };
}

describe('keepPrefilterPublished', () => {
  test('publishes at start when nothing is published yet', async () => {
    const { publisher, stored } = setUp({ version: '4' });
    await publisher.settled();
    expect(stored()).toEqual(prefilterOf('4'));
  });

  test('leaves a current copy alone: a start costs no compilation', async () => {
    const { publisher, deps } = setUp({ version: '4', published: prefilterOf('4') });
    await publisher.settled();
    expect(deps.currentPrefilter).not.toHaveBeenCalled();
    expect(deps.publish).not.toHaveBeenCalled();
  });

  test.each([
    ['an older version', prefilterOf('3')],
    ['another format (an update of the extension)', prefilterOf('4', 'context-lens/prefilter@0')],
    ['a damaged record', { version: 4, prefilter: 'x' }],
  ])('replaces %s', async (_, published) => {
    const { publisher, stored } = setUp({ version: '4', published });
    await publisher.settled();
    expect(stored()).toEqual(prefilterOf('4'));
  });

  test('publishes again when the terms change, and stops following them when stopped', async () => {
    const { publisher, stored, changeTerms, deps } = setUp({ version: '4', published: prefilterOf('4') });
    changeTerms('5');
    await publisher.settled();
    expect(stored()).toEqual(prefilterOf('5'));
    publisher.stop();
    changeTerms('6');
    await publisher.settled();
    expect(stored()).toEqual(prefilterOf('5'));
    expect(deps.publish).toHaveBeenCalledTimes(1);
  });

  test('a failure is reported, and the next change tries again', async () => {
    const { publisher, stored, changeTerms, deps } = setUp({ version: '4' });
    vi.mocked(deps.currentPrefilter).mockRejectedValueOnce(new Error('database closed'));
    await publisher.settled();
    expect(deps.reportError).toHaveBeenCalledWith(new Error('database closed'));
    expect(stored()).toBeUndefined();
    changeTerms('5');
    await publisher.settled();
    expect(stored()).toEqual(prefilterOf('5'));
  });
});
