import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors/errors.js';
import {
  type CompletedInteraction,
  evaluatePrompt,
  type PromptRequest,
  type PromptSession,
  parseMaxAge,
  parsePrompt,
} from './evaluate-prompt.js';
import {
  ConsentRequiredError,
  InteractionRequiredError,
  LoginRequiredError,
} from './oidc-errors.js';

const now = 1_760_000_000;
const signedIn: PromptSession = { subject: 'u1', authTime: now - 100, consentGiven: true };
const noConsent: PromptSession = { ...signedIn, consentGiven: false };

type Expected = string; // action, action:reason, or error:code

const table: [string, PromptRequest, PromptSession, CompletedInteraction, Expected][] = [
  // no prompt
  ['no session', {}, {}, {}, 'login:no_session'],
  ['signed in and consented', {}, signedIn, {}, 'proceed'],
  ['signed in, no consent yet', {}, noConsent, {}, 'consent:consent_missing'],
  ['signed in, consent just given', {}, noConsent, { consent: true }, 'proceed'],
  [
    'application needs another step',
    {},
    { ...signedIn, pendingInteraction: 'terms' },
    {},
    'interact:terms',
  ],
  // prompt=none never shows a page
  ['none, no session', { prompt: 'none' }, {}, {}, 'error:login_required'],
  ['none, signed in and consented', { prompt: 'none' }, signedIn, {}, 'proceed'],
  ['none, no consent', { prompt: 'none' }, noConsent, {}, 'error:consent_required'],
  [
    'none, application needs another step',
    { prompt: 'none' },
    { ...signedIn, pendingInteraction: 'mfa' },
    {},
    'error:interaction_required',
  ],
  [
    'none, max_age exceeded',
    { prompt: 'none', maxAge: '60' },
    signedIn,
    {},
    'error:login_required',
  ],
  ['none, max_age=0', { prompt: 'none', maxAge: '0' }, signedIn, {}, 'error:login_required'],
  [
    'none, id_token_hint of another user',
    { prompt: 'none', idTokenHintSubject: 'u2' },
    signedIn,
    {},
    'error:login_required',
  ],
  [
    'none, id_token_hint of this user',
    { prompt: 'none', idTokenHintSubject: 'u1' },
    signedIn,
    {},
    'proceed',
  ],
  // invalid parameters
  ['none with login', { prompt: 'none login' }, signedIn, {}, 'error:invalid_request'],
  ['consent with none', { prompt: 'consent none' }, signedIn, {}, 'error:invalid_request'],
  ['unknown prompt value', { prompt: 'login create' }, signedIn, {}, 'error:invalid_request'],
  ['max_age negative', { maxAge: '-1' }, signedIn, {}, 'error:invalid_request'],
  ['max_age not a number', { maxAge: '1e3' }, signedIn, {}, 'error:invalid_request'],
  ['max_age fractional', { maxAge: '1.5' }, signedIn, {}, 'error:invalid_request'],
  ['max_age huge', { maxAge: '9'.repeat(20) }, signedIn, {}, 'error:invalid_request'],
  // prompt=login
  ['login, signed in', { prompt: 'login' }, signedIn, {}, 'login:prompt_login'],
  ['login, just signed in', { prompt: 'login' }, signedIn, { login: true }, 'proceed'],
  [
    'login consent, just signed in',
    { prompt: 'login consent' },
    signedIn,
    { login: true },
    'consent:prompt_consent',
  ],
  [
    'login consent, both done',
    { prompt: 'login consent' },
    signedIn,
    { login: true, consent: true },
    'proceed',
  ],
  // prompt=consent
  ['consent, consented before', { prompt: 'consent' }, signedIn, {}, 'consent:prompt_consent'],
  ['consent, no session', { prompt: 'consent' }, {}, {}, 'login:no_session'],
  // prompt=select_account
  ['select_account', { prompt: 'select_account' }, signedIn, {}, 'select_account'],
  [
    'select_account, done',
    { prompt: 'select_account' },
    signedIn,
    { selectAccount: true },
    'proceed',
  ],
  // max_age
  ['max_age not exceeded', { maxAge: '100' }, signedIn, {}, 'proceed'],
  ['max_age exceeded', { maxAge: '99' }, signedIn, {}, 'login:max_age'],
  ['max_age exceeded, just signed in', { maxAge: '99' }, signedIn, { login: true }, 'proceed'],
  [
    'max_age without auth_time',
    { maxAge: '3600' },
    { subject: 'u1', consentGiven: true },
    {},
    'login:max_age',
  ],
  [
    'max_age=0 forces a new login',
    { maxAge: '0' },
    { ...signedIn, authTime: now },
    {},
    'login:prompt_login',
  ],
  ['max_age=0, just signed in', { maxAge: 0 }, signedIn, { login: true }, 'proceed'],
  // id_token_hint
  [
    'id_token_hint of another user',
    { idTokenHintSubject: 'u2' },
    signedIn,
    {},
    'login:id_token_hint',
  ],
  ['id_token_hint of this user', { idTokenHintSubject: 'u1' }, signedIn, {}, 'proceed'],
  ['id_token_hint, no session', { idTokenHintSubject: 'u1' }, {}, {}, 'login:no_session'],
];

function summary(d: ReturnType<typeof evaluatePrompt>): string {
  if (d.action === 'error') return `error:${d.error.error}`;
  return 'reason' in d ? `${d.action}:${d.reason}` : d.action;
}

describe('evaluatePrompt', () => {
  it.each(table)('%s', (_name, request, session, completed, expected) => {
    expect(summary(evaluatePrompt({ request, session, completed, now }))).toBe(expected);
  });

  it('prompt=none answers with the OpenID Connect error classes, sent by redirect (rule 39)', () => {
    const login = evaluatePrompt({ request: { prompt: 'none' }, session: {}, now });
    const consent = evaluatePrompt({ request: { prompt: 'none' }, session: noConsent, now });
    const interaction = evaluatePrompt({
      request: { prompt: 'none' },
      session: { ...signedIn, pendingInteraction: 'x' },
      now,
    });
    expect(login.action === 'error' && login.error).toBeInstanceOf(LoginRequiredError);
    expect(consent.action === 'error' && consent.error).toBeInstanceOf(ConsentRequiredError);
    expect(interaction.action === 'error' && interaction.error).toBeInstanceOf(
      InteractionRequiredError,
    );
  });

  it('prompt=none never asks for a page, whatever the session (rule 39)', () => {
    const sessions: PromptSession[] = [
      {},
      signedIn,
      noConsent,
      { subject: 'u1' },
      { ...signedIn, pendingInteraction: 'x' },
    ];
    const requests: PromptRequest[] = [
      {},
      { maxAge: '0' },
      { maxAge: '10' },
      { idTokenHintSubject: 'u9' },
      { loginHint: 'a@example.com' },
    ];
    for (const session of sessions) {
      for (const request of requests) {
        const d = evaluatePrompt({ request: { ...request, prompt: 'none' }, session, now });
        expect(['proceed', 'error']).toContain(d.action);
      }
    }
  });

  it('passes login_hint to the login page and reports what the ID token needs', () => {
    const d = evaluatePrompt({
      request: { loginHint: 'a@example.com', maxAge: '60' },
      session: {},
      now,
    });
    expect(d).toMatchObject({
      action: 'login',
      reason: 'no_session',
      loginHint: 'a@example.com',
      maxAge: 60,
      authTimeRequired: true,
    });
    const p = evaluatePrompt({
      request: { prompt: 'login' },
      session: signedIn,
      completed: { login: true },
      now,
    });
    expect(p).toMatchObject({ action: 'proceed', prompts: ['login'], authTimeRequired: true });
    expect(evaluatePrompt({ request: {}, session: signedIn, now })).toMatchObject({
      authTimeRequired: false,
      maxAge: undefined,
    });
  });
});

describe('parsePrompt / parseMaxAge', () => {
  it('parse the parameters or return invalid_request', () => {
    expect(parsePrompt('login  consent login')).toEqual(['login', 'consent']);
    expect(parsePrompt(undefined)).toEqual([]);
    expect(parsePrompt('none select_account')).toBeInstanceOf(InvalidRequestError);
    expect(parseMaxAge('3600')).toBe(3600);
    expect(parseMaxAge(undefined)).toBeUndefined();
    expect(parseMaxAge(' 1')).toBeInstanceOf(InvalidRequestError);
    expect(parseMaxAge(Number.NaN)).toBeInstanceOf(InvalidRequestError);
  });
});
