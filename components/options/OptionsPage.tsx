import type { ComponentChildren } from 'preact';
import { t } from '@/lib/i18n';

/**
 * One section of the options page. Sections are independent features (packs
 * and backup, settings, sites…): each is added to the list the entrypoint
 * passes in, with its own component, without touching the others.
 */
export interface OptionsSection {
  /** Used for the element id and in-page links, e.g. "packs". */
  id: string;
  title: string;
  content: ComponentChildren;
}

/** The options page: a title, a table of contents and the sections in order. */
export function OptionsPage({ sections }: { sections: OptionsSection[] }) {
  return (
    <main class="cl-options">
      <header>
        <h1 class="cl-options-title">{t('optionsTitle')}</h1>
        {sections.length > 1 && (
          <nav aria-label={t('optionsSections')}>
            <ul class="cl-options-nav">
              {sections.map((section) => (
                <li key={section.id}>
                  <a href={`#${section.id}`}>{section.title}</a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      {sections.map((section) => (
        <section key={section.id} id={section.id} class="cl-options-section" aria-labelledby={`${section.id}-title`}>
          <h2 id={`${section.id}-title`} class="cl-options-heading">
            {section.title}
          </h2>
          {section.content}
        </section>
      ))}
    </main>
  );
}
