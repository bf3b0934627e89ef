// Types styled-components' theme as Garden's, so `props.theme.space.md` is checked.
import type { IGardenTheme } from '@zendeskgarden/react-theming';
import 'styled-components';

declare module 'styled-components' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging needs an interface.
  export interface DefaultTheme extends IGardenTheme {}
}
