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
}: {
  readonly title: string;
  readonly children: ReactNode;
}) {
  return (
    <Block aria-label={title}>
      <LG tag="h2" isBold>
        {title}
      </LG>
      {children}
    </Block>
  );
}
