// Quick replies: searchable, by category, each with its segment count after filling; into the SMS or the reply editor.
import { filterQuickReplies } from '@smsbridge/sidebar';
import type { QuickRepliesState, QuickReplyCategory, QuickReplyItem } from '@smsbridge/sidebar';
import { useId, useState } from 'react';
import { FwButton, FwInput } from '../crayons.ts';
import type { MessageKey, Translate } from '../i18n.ts';
import { Section } from './Section.tsx';

const CATEGORIES: readonly QuickReplyCategory[] = [
  'general_inquiry',
  'order_status',
  'technical',
  'billing',
  'outage',
];
const ALL = 'all';

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
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState<string>(ALL);
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
  const chosen = CATEGORIES.find((name) => name === category) ?? null;
  const shown = filterQuickReplies(state.items, query, chosen);
  return (
    <Section title={t('quick_replies_title')} testId="quick-replies">
      <div className="filters">
        <FwInput
          label={t('quick_replies_search')}
          name="quick-reply-search"
          value={query}
          clearInput
          onFwInput={(event) => setQuery(event.detail.value ?? '')}
        />
        {/* A native select in Crayons' field look: fw-select 4.2 leaves its combobox without
            aria-expanded until first opened (axe aria-required-attr, critical). */}
        <div className="native-field">
          <label htmlFor={categoryId}>{t('quick_replies_category')}</label>
          <select
            id={categoryId}
            value={category}
            onChange={(event) => setCategory(event.target.value)}
          >
            <option value={ALL}>{t('quick_replies_all')}</option>
            {CATEGORIES.map((name) => (
              <option key={name} value={name}>
                {t(`category_${name}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {shown.length === 0 ? (
        <p className="fw-type-sm">{t('quick_replies_empty')}</p>
      ) : (
        <ul className="plain-list quick-replies">
          {shown.map((item) => (
            <li key={item.id} className="quick-reply">
              <h3 className="fw-type-h7">{item.title}</h3>
              <p className="fw-type-sm quick-reply-text">{item.filled}</p>
              <p className="fw-type-xs muted">
                {t('quick_replies_segments', {
                  encoding: item.filledEncoding,
                  segments: item.filledSegments,
                })}
                {item.missing.length > 0 &&
                  ` · ${t('quick_replies_missing', { names: item.missing.join(', ') })}`}
              </p>
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
