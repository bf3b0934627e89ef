// Crayons' React wrappers (@freshworks/crayons/react) with the props this app uses typed (their own typings are `any`).
import {
  FwButton as RawFwButton,
  FwInlineMessage as RawFwInlineMessage,
  FwInput as RawFwInput,
  FwPill as RawFwPill,
  FwSpinner as RawFwSpinner,
  FwTextarea as RawFwTextarea,
} from '@freshworks/crayons/react';
import type { ComponentType, ReactNode } from 'react';

// Props and events from Crayons 4.2's component docs (dist/docs.json; freshdesk.md §3.11).

interface Common {
  readonly id?: string;
  readonly className?: string;
  readonly 'data-testid'?: string;
  readonly children?: ReactNode;
}

/** `fwClick`, not `click` (freshdesk.md §3.11). */
export interface FwButtonProps extends Common {
  readonly color?: 'primary' | 'secondary' | 'danger' | 'link' | 'text';
  readonly size?: 'normal' | 'small' | 'icon' | 'icon-small';
  readonly disabled?: boolean;
  readonly loading?: boolean;
  readonly onFwClick?: (event: CustomEvent<void>) => void;
}

export interface FwTextareaProps extends Common {
  readonly label: string;
  /** Also the id the label points at: give each textarea its own. */
  readonly name: string;
  readonly value: string;
  readonly rows?: number;
  readonly maxRows?: number;
  readonly resize?: 'none' | 'both' | 'horizontal' | 'vertical';
  readonly state?: 'normal' | 'warning' | 'error';
  readonly hintText?: string;
  readonly warningText?: string;
  readonly errorText?: string;
  readonly onFwInput?: (event: CustomEvent<{ readonly value: string }>) => void;
}

export interface FwInputProps extends Common {
  readonly label: string;
  readonly name: string;
  readonly value: string;
  readonly placeholder?: string;
  readonly clearInput?: boolean;
  readonly onFwInput?: (event: CustomEvent<{ readonly value: string }>) => void;
}

export interface FwInlineMessageProps extends Common {
  readonly type: 'error' | 'info' | 'success' | 'warning';
  readonly closable?: boolean;
}

export interface FwPillProps extends Common {
  readonly color?: 'blue' | 'green' | 'grey' | 'red' | 'yellow';
}

/**
 * How a status pill reads. Crayons' red and yellow pills fall short of WCAG AA contrast
 * (#d72d30 on #ffecf0, #e86f25 on #fef1e1; axe color-contrast), so those two tones are drawn
 * with darker ink through the pill's CSS variables (app.css `.pill-danger`, `.pill-warning`).
 */
export type PillTone = 'success' | 'info' | 'neutral' | 'danger' | 'warning';

export function pillProps(tone: PillTone): Pick<FwPillProps, 'color' | 'className'> {
  switch (tone) {
    case 'success':
      return { color: 'green' };
    case 'info':
      return { color: 'blue' };
    case 'neutral':
      return { color: 'grey' };
    case 'danger':
      return { className: 'pill-danger' };
    case 'warning':
      return { className: 'pill-warning' };
  }
}

export interface FwSpinnerProps extends Common {
  readonly size?: 'micro' | 'small' | 'medium' | 'default' | 'large';
}

export const FwButton = RawFwButton as ComponentType<FwButtonProps>;
export const FwTextarea = RawFwTextarea as ComponentType<FwTextareaProps>;
export const FwInput = RawFwInput as ComponentType<FwInputProps>;
export const FwInlineMessage = RawFwInlineMessage as ComponentType<FwInlineMessageProps>;
export const FwPill = RawFwPill as ComponentType<FwPillProps>;
export const FwSpinner = RawFwSpinner as ComponentType<FwSpinnerProps>;
