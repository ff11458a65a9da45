/**
 * The stored client metadata document with its keys in camelCase. A store may keep the
 * document in the `ClientMetadata` shape or with the RFC 7591 snake_case names; both read
 * back the same here, so the suite can compare it with the record that was saved.
 */
export function normalizeRawMetadata(metadata: unknown): Record<string, unknown> {
  const doc = typeof metadata === 'string' ? (JSON.parse(metadata) as unknown) : metadata;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new TypeError(`raw.client().metadata must be an object, got ${JSON.stringify(doc)}`);
  }
  return Object.fromEntries(
    Object.entries(doc).map(([key, value]) => [
      key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      value,
    ]),
  );
}
