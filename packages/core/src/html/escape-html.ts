const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values: what a login or consent
 * page must do to everything that comes from a client registration or a request (client
 * names and ids, scopes, redirect URIs, usernames). It does not make text safe inside
 * `<script>`, `<style>`, unquoted attributes or URL attributes (`href`): keep such values out
 * of those places.
 *
 * @example
 * res.send(`<p>Let ${escapeHtml(client.clientId)} use ${escapeHtml(scope)}?</p>`);
 */
export function escapeHtml(value: string): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
