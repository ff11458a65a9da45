import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { subjectIdentifier } from './subject-identifier.js';

const salt = 'a-server-secret-salt-0123456789';

describe('subjectIdentifier (OpenID Connect Core 8)', () => {
  it('public: the local subject', () => {
    expect(subjectIdentifier({ localSubject: 'user-1' })).toBe('user-1');
    expect(subjectIdentifier({ localSubject: 'user-1', subjectType: 'public' })).toBe('user-1');
  });

  it('pairwise: base64url SHA-256 over sector identifier, local subject and salt', () => {
    const sub = subjectIdentifier({
      localSubject: 'user-1',
      subjectType: 'pairwise',
      sectorIdentifier: 'app.example',
      salt,
    });
    const expected = createHash('sha256')
      .update(`11:app.example`)
      .update(`6:user-1`)
      .update(`${salt.length}:${salt}`)
      .digest('base64url');
    expect(sub).toBe(expected);
    expect(sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('pairwise: stable per sector, different across sectors, users and salts', () => {
    const p = (localSubject: string, sectorIdentifier: string, s = salt) =>
      subjectIdentifier({ localSubject, subjectType: 'pairwise', sectorIdentifier, salt: s });
    expect(p('u1', 'a.example')).toBe(p('u1', 'a.example'));
    expect(p('u1', 'a.example')).not.toBe(p('u1', 'b.example'));
    expect(p('u1', 'a.example')).not.toBe(p('u2', 'a.example'));
    expect(p('u1', 'a.example')).not.toBe(p('u1', 'a.example', `${salt}x`));
    // Moving characters between the parts changes the result.
    expect(p('1', 'a.exampleu')).not.toBe(p('u1', 'a.example'));
    expect(p('u1', 'a.example')).not.toContain('u1');
  });

  it.each([
    ['an empty local subject', { localSubject: '' }],
    ['an unknown subject type', { localSubject: 'u', subjectType: 'secret' as 'public' }],
    ['pairwise without sector', { localSubject: 'u', subjectType: 'pairwise' as const, salt }],
    [
      'pairwise without salt',
      { localSubject: 'u', subjectType: 'pairwise' as const, sectorIdentifier: 'a.example' },
    ],
    [
      'pairwise with a short salt',
      {
        localSubject: 'u',
        subjectType: 'pairwise' as const,
        sectorIdentifier: 'a.example',
        salt: 'short',
      },
    ],
  ])('refuses %s with TypeError', (_name, input) => {
    expect(() => subjectIdentifier(input)).toThrow(TypeError);
  });
});
