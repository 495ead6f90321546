/** Labelled form controls: every control has a visible label tied to it. */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export function SelectField({
  label,
  value,
  options,
  onChange,
  anyLabel = '不限',
  name,
}: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
  anyLabel?: string;
  name: string;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(event) => onChange((event.target as HTMLSelectElement).value)}
      >
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TextField({
  label,
  value,
  onChange,
  name,
  placeholder,
  type = 'text',
  required,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  name: string;
  placeholder?: string;
  type?: 'text' | 'search';
  required?: boolean;
  hint?: ComponentChildren;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        list={undefined}
        value={value}
        placeholder={placeholder}
        required={required}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onInput={(event) => onChange((event.target as HTMLInputElement).value)}
      />
      {hint ? (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      ) : null}
    </div>
  );
}
