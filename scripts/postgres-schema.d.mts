// Types for postgres-schema.mjs (plain JavaScript so that the postinstall step needs no TypeScript).
export declare const POSTGRES_SCHEMA_HEADER: string;
export declare function derivePostgresSchema(sqliteSchema: string): string;
