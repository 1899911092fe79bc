import { describe, expect, test } from 'vitest';
import { render } from '@testing-library/preact';
import { LinkifiedText, splitLinks } from './LinkifiedText';

describe('LinkifiedText', () => {
  test('makes http(s) addresses links and leaves trailing punctuation outside', () => {
    expect(splitLinks('See https://www.nato.int/kfor. Or (http://example.org/a?b=1)!')).toEqual([
      { text: 'See ' },
      { text: 'https://www.nato.int/kfor', href: 'https://www.nato.int/kfor' },
      { text: '. Or (' },
      { text: 'http://example.org/a?b=1', href: 'http://example.org/a?b=1' },
      { text: ')!' },
    ]);
  });

  test('never links other schemes and never renders markup', () => {
    const { container } = render(
      <LinkifiedText text={'javascript:alert(1) <img src=x onerror=alert(1)> data:text/html,<b>x</b>'} />,
    );
    expect(container.querySelectorAll('a, img, b')).toHaveLength(0);
    expect(container.textContent).toBe('javascript:alert(1) <img src=x onerror=alert(1)> data:text/html,<b>x</b>');
  });

  test('links open in a new tab without giving the page a handle on ours', () => {
    const { container } = render(<LinkifiedText text="read https://example.org/story" />);
    const link = container.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.org/story');
    expect(link?.getAttribute('rel')).toContain('noopener');
  });
});
