// A titled block of the sidebar.
import { LG } from '@zendeskgarden/react-typography';
import type { ReactNode } from 'react';
import styled from 'styled-components';

const Block = styled.section`
  margin-bottom: ${(props) => props.theme.space.md};
`;

export function Section({
  title,
  children,
  testId,
}: {
  readonly title: string;
  readonly children: ReactNode;
  readonly testId?: string;
}) {
  return (
    <Block aria-label={title} data-testid={testId}>
      <LG tag="h2" isBold>
        {title}
      </LG>
      {children}
    </Block>
  );
}
