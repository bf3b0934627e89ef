// Quick replies: searchable, by category, each with its segment count after filling; inserted into the composer.
import {
  quickReplyCategoryChoices,
  quickReplySummary,
  useQuickReplyFilter,
} from '@smsbridge/sidebar';
import type { QuickRepliesState, QuickReplyItem } from '@smsbridge/sidebar';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Input, Select } from '@zendeskgarden/react-forms';
import { MD, SM } from '@zendeskgarden/react-typography';
import { useId } from 'react';
import styled from 'styled-components';
import type { Translate } from '../i18n.ts';
import { Section } from './Section.tsx';

const List = styled.ul`
  list-style: none;
  margin: ${(props) => props.theme.space.xs} 0 0;
  padding: 0;
`;

const Item = styled.li`
  border-top: ${(props) => props.theme.borders.sm}
    ${(props) => props.theme.palette.grey?.[200] ?? '#e8eaed'};
  padding: ${(props) => props.theme.space.xs} 0;
`;

export interface QuickRepliesProps {
  readonly state: QuickRepliesState;
  readonly onInsert: (item: QuickReplyItem) => void;
  readonly t: Translate;
}

export function QuickReplies({ state, onInsert, t }: QuickRepliesProps) {
  const filter = useQuickReplyFilter(state);
  const headingId = useId();
  if (state.status === 'loading')
    return <Section title={t('quick_replies_title')}>{t('loading')}</Section>;
  if (state.status === 'error') {
    return (
      <Section title={t('quick_replies_title')}>
        <SM>{t('relay_error', { message: state.message })}</SM>
      </Section>
    );
  }
  return (
    <Section title={t('quick_replies_title')}>
      <Field>
        <Field.Label hidden>{t('quick_replies_search')}</Field.Label>
        <Input
          isCompact
          type="search"
          placeholder={t('quick_replies_search')}
          value={filter.query}
          onChange={(event) => filter.setQuery(event.target.value)}
        />
      </Field>
      <Field>
        <Field.Label hidden>{t('quick_replies_category')}</Field.Label>
        <Select
          isCompact
          value={filter.category ?? ''}
          onChange={(event) => filter.setCategory(event.target.value)}
        >
          {quickReplyCategoryChoices(t).map(({ value, label }) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      {filter.shown.length === 0 ? (
        <SM>{t('quick_replies_empty')}</SM>
      ) : (
        <List aria-labelledby={headingId}>
          {filter.shown.map((item) => (
            <Item key={item.id}>
              <MD isBold id={`${headingId}-${item.id}`}>
                {item.title}
              </MD>
              <SM>{item.filled}</SM>
              <SM>{quickReplySummary(item, t)}</SM>
              <Button
                size="small"
                aria-describedby={`${headingId}-${item.id}`}
                onClick={() => onInsert(item)}
              >
                {t('quick_replies_insert')}
              </Button>
            </Item>
          ))}
        </List>
      )}
    </Section>
  );
}
