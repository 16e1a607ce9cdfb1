/** What stands for a person without an avatar: the first letters of their names, else of their email. */
export function initialsOf(person: { first_name?: string; last_name?: string; email?: string }): string {
  const first = firstLetter(person.first_name);
  const last = firstLetter(person.last_name);
  const fromNames = `${first}${last}`;
  return (fromNames || firstLetter(person.email) || "?").toLocaleUpperCase();
}

/** The first letter as a person sees it: a whole grapheme (an accented letter, a non-Latin character), not a code unit. */
function firstLetter(text: string | undefined): string {
  const trimmed = text?.trim();
  if (!trimmed) return "";
  const [first] = new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(trimmed);
  return first?.segment ?? "";
}
