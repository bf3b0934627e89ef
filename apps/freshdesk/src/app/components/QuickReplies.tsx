// Quick replies: searchable, by category, each with its segment count after filling; into the SMS or the reply editor.
import {
  quickReplyCategoryChoices,
  quickReplySummary,
  useQuickReplyFilter,
} from '@smsbridge/sidebar';
import type { QuickRepliesState, QuickReplyItem } from '@smsbridge/sidebar';
import { useId } from 'react';
import { FwButton, FwInput } from '../crayons.ts';
import type { Translate } from '../i18n.ts';
import { Section } from './Section.tsx';

export interface QuickRepliesProps {
  readonly state: QuickRepliesState;
  /** Puts the reply in the SMS composer. */
  readonly onUse: (item: QuickReplyItem) => void;
  /** Inserts the reply into Freshdesk's reply editor (`setValue`, freshdesk.md §3.10). */
  readonly onInsertIntoEditor: (item: QuickReplyItem) => void;
  /** What the last insert into the editor did, shown under the list. */
  readonly editorStatus: string;
  readonly t: Translate;
}

export function QuickReplies({
  state,
  onUse,
  onInsertIntoEditor,
  editorStatus,
  t,
}: QuickRepliesProps) {
  const filter = useQuickReplyFilter(state);
  const categoryId = useId();
  if (state.status === 'loading') {
    return (
      <Section title={t('quick_replies_title')}>
        <p className="fw-type-sm">{t('loading')}</p>
      </Section>
    );
  }
  if (state.status === 'error') {
    return (
      <Section title={t('quick_replies_title')}>
        <p className="fw-type-sm">{t('relay_error', { message: state.message })}</p>
      </Section>
    );
  }
  return (
    <Section title={t('quick_replies_title')} testId="quick-replies">
      <div className="filters">
        <FwInput
          label={t('quick_replies_search')}
          name="quick-reply-search"
          value={filter.query}
          clearInput
          onFwInput={(event) => filter.setQuery(event.detail.value ?? '')}
        />
        {/* A native select in Crayons' field look: fw-select 4.2 leaves its combobox without
            aria-expanded until first opened (axe aria-required-attr, critical). */}
        <div className="native-field">
          <label htmlFor={categoryId}>{t('quick_replies_category')}</label>
          <select
            id={categoryId}
            value={filter.category ?? ''}
            onChange={(event) => filter.setCategory(event.target.value)}
          >
            {quickReplyCategoryChoices(t).map(({ value, label }) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {filter.shown.length === 0 ? (
        <p className="fw-type-sm">{t('quick_replies_empty')}</p>
      ) : (
        <ul className="plain-list quick-replies">
          {filter.shown.map((item) => (
            <li key={item.id} className="quick-reply">
              <h3 className="fw-type-h7">{item.title}</h3>
              <p className="fw-type-sm quick-reply-text">{item.filled}</p>
              <p className="fw-type-xs muted">{quickReplySummary(item, t)}</p>
              <div className="actions">
                <FwButton color="secondary" size="small" onFwClick={() => onUse(item)}>
                  {t('quick_replies_use')}
                </FwButton>
                <FwButton color="link" size="small" onFwClick={() => onInsertIntoEditor(item)}>
                  {t('quick_replies_insert')}
                </FwButton>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p className="fw-type-xs muted" role="status" data-testid="editor-status">
        {editorStatus}
      </p>
    </Section>
  );
}
