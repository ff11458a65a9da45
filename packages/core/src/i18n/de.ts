import type { Catalog } from './en.js';

export const de: Catalog = {
  invalid_request: 'Der Anfrage fehlt ein Pflichtparameter oder sie ist fehlerhaft.',
  invalid_client: 'Die Client-Authentifizierung ist fehlgeschlagen.',
  invalid_grant:
    'Die Autorisierung oder das Refresh-Token ist ungueltig, abgelaufen oder widerrufen.',
  unauthorized_client: 'Dieser Client darf diesen Grant-Typ nicht verwenden.',
  unsupported_grant_type: 'Dieser Grant-Typ wird nicht unterstuetzt.',
  invalid_scope:
    'Der angeforderte Scope ist ungueltig, unbekannt oder ueberschreitet den gewaehrten.',
  invalid_target:
    'Die angeforderte Ressource ist ungueltig, unbekannt oder fuer diesen Client nicht erlaubt.',
  access_denied: 'Der Ressourceninhaber hat die Anfrage abgelehnt.',
  unsupported_response_type: 'Dieser Antworttyp wird nicht unterstuetzt.',
  server_error: 'Auf dem Server ist ein unerwarteter Fehler aufgetreten.',
  temporarily_unavailable:
    'Der Server ist voruebergehend nicht verfuegbar. Bitte spaeter erneut versuchen.',
  invalid_token: 'Das Access-Token ist ungueltig, abgelaufen oder widerrufen.',
  insufficient_scope: 'Das Access-Token hat nicht den erforderlichen Scope.',
  unsupported_token_type: 'Dieser Token-Typ kann nicht widerrufen werden.',
  method_not_allowed: 'Diese HTTP-Methode ist hier nicht erlaubt.',
  missing_parameter: 'Der Parameter {name} ist erforderlich.',
  duplicate_parameter: 'Der Parameter {name} wurde mehrfach gesendet.',
  invalid_parameter: 'Der Parameter {name} ist ungueltig.',
  unsupported_content_type: 'Der Body muss application/x-www-form-urlencoded sein.',
  body_too_large: 'Der Anfrage-Body ist zu gross.',
  multiple_auth_methods: 'Die Anfrage verwendet mehr als eine Client-Authentifizierungsmethode.',
  client_id_mismatch: 'Die client_id passt nicht zum authentifizierten Client.',
  invalid_redirect_uri:
    'Die redirect_uri fehlt, ist ungueltig oder fuer diesen Client nicht registriert.',
  invalid_client_id: 'Die client_id fehlt oder ist unbekannt.',
  code_challenge_required: 'Dieser Client muss eine PKCE-code_challenge senden.',
  code_challenge_method_unsupported: 'Die code_challenge_method wird nicht unterstuetzt.',
  code_challenge_invalid: 'Die code_challenge muss 43 bis 128 Zeichen aus [A-Za-z0-9-._~] haben.',
  code_verifier_missing: 'Der code_verifier ist erforderlich.',
  code_verifier_unexpected:
    'Ein code_verifier wurde gesendet, aber keine code_challenge verwendet.',
  code_verifier_mismatch: 'Der code_verifier passt nicht zur code_challenge.',
  code_invalid: 'Der Autorisierungscode ist ungueltig, abgelaufen oder bereits verwendet.',
  code_client_mismatch: 'Der Autorisierungscode wurde einem anderen Client ausgestellt.',
  code_redirect_uri_mismatch: 'Die redirect_uri passt nicht zur Autorisierungsanfrage.',
  refresh_token_invalid: 'Das Refresh-Token ist ungueltig, abgelaufen oder widerrufen.',
  scope_exceeds_grant: 'Der angeforderte Scope ueberschreitet den urspruenglich gewaehrten.',
  invalid_credentials: 'Benutzername oder Passwort ist falsch.',
  confidential_client_required: 'Dieser Grant-Typ erfordert einen vertraulichen Client.',
  authorization_pending:
    'Der Benutzer hat noch nicht geantwortet. Nach dem Intervall erneut anfragen.',
  slow_down: 'Zu haeufige Anfragen: zwischen den Anfragen 5 Sekunden laenger warten.',
  expired_token: 'Der Geraetecode ist abgelaufen. Bitte neu beginnen.',
  device_code_invalid:
    'Der Geraetecode ist ungueltig, verbraucht oder einem anderen Client ausgestellt.',
  device_denied: 'Der Benutzer hat die Anfrage abgelehnt.',
  user_code_invalid: 'Der Code ist ungueltig oder abgelaufen.',
  invalid_dpop_proof: 'Der DPoP-Nachweis fehlt, ist ungueltig oder wurde bereits verwendet.',
  use_dpop_nonce: 'Der DPoP-Nachweis muss die vom Server vorgegebene Nonce enthalten.',
  dpop_proof_required: 'Diese Anfrage braucht einen DPoP-Nachweis.',
  dpop_key_mismatch:
    'Der DPoP-Nachweis ist nicht mit dem Schluessel erstellt, an den die Autorisierung oder das Token gebunden ist.',
  dpop_bound_token:
    'Dieses Access-Token ist an einen DPoP-Schluessel gebunden und braucht einen Nachweis.',
  request_uri_invalid:
    'Die request_uri ist ungueltig, abgelaufen, bereits verwendet oder einem anderen Client ausgestellt.',
  request_uri_not_allowed: 'Der Parameter request_uri kann nicht gepusht werden.',
  pushed_request_required:
    'Diese Autorisierungsanfrage muss zuerst an den PAR-Endpunkt gepusht werden.',
  auth_method_not_accepted: 'Diese Client-Authentifizierungsmethode wird hier nicht akzeptiert.',
};
