import { t, type MessageKey } from "~/i18n";

interface MemberPickerProps {
  structures: { id: string; name: string; own: boolean }[];
  error?: MessageKey;
  /** After an error: what was checked and the numbers typed (`position-<id>`). */
  checked?: string[];
  positions: Record<string, string>;
}

/** Structures to check, each with its place in the hosting rotation. */
export function MemberPicker({ structures, error, checked, positions }: MemberPickerProps) {
  const describedBy = ["members-hint", error ? "members-error" : null].filter(Boolean).join(" ");
  return (
    <fieldset className="field series-members" aria-describedby={describedBy}>
      <legend>{t("series.field.members")}</legend>
      <p className="hint" id="members-hint">
        {t("series.field.members.hint")}
      </p>
      {error ? (
        <p className="error" id="members-error">
          {t(error)}
        </p>
      ) : null}
      <ul>
        {structures.map((structure) => (
          <li key={structure.id}>
            <div className="checkbox">
              <input
                type="checkbox"
                id={`member-${structure.id}`}
                name="member"
                value={structure.id}
                defaultChecked={checked ? checked.includes(structure.id) : structure.own}
              />
              <label htmlFor={`member-${structure.id}`}>
                {structure.name}
                {structure.own ? ` ${t("series.field.members.own")}` : ""}
              </label>
            </div>
            <label className="series-position">
              {t("series.field.position")}
              <span className="visually-hidden"> {structure.name}</span>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={99}
                name={`position-${structure.id}`}
                defaultValue={positions[`position-${structure.id}`]}
              />
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
