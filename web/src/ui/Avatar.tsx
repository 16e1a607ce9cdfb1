/**
 * A person's face: their avatar image, or their initials when they have none. The one avatar of the app (header,
 * member lists, admin list). Decorative: the person's name is always written beside it, so it adds no text for
 * screen readers.
 */
import { initialsOf } from "./initials";

export interface AvatarPerson {
  first_name?: string;
  last_name?: string;
  email?: string;
  avatar_url?: string | null;
}

export function Avatar({ person, size = "small" }: { person: AvatarPerson; size?: "small" | "medium" }) {
  const className = `avatar avatar-${size}`;
  if (person.avatar_url) {
    return <img className={className} src={person.avatar_url} alt="" data-testid="avatar-image" />;
  }
  return (
    <span className={className} aria-hidden="true" data-testid="avatar-initials">
      {initialsOf(person)}
    </span>
  );
}
