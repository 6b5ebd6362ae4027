// A professional's role in a structure (Membership.role). Plain data, shared by server modules and forms.

export const MEMBER_ROLES = ["admin", "facilitator", "member"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** The roles that organise for their structure: create sessions, people records, variants, series answers. */
export const ORGANISER_ROLES: string[] = ["admin", "facilitator"] satisfies MemberRole[];
