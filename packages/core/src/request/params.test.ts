import { describe, expect, it } from 'vitest';
import { Params } from './params.js';

/** Every value of every name, and the repeated names, as `Params` holds them. */
function contents(params: Params) {
  const names = [...params.entries()].map(([name]) => name);
  return {
    values: names.map((name) => [name, params.getAll(name)]),
    duplicates: [...params.duplicates],
  };
}

describe('Params.fromForm', () => {
  it.each([
    'grant_type=client_credentials&scope=read',
    'a=1&a=2&b=3&a=4',
    'a=&b=2&c',
    'a==b&c=d=e',
    '&&a=1&&b=2&',
    '=v&x',
    '&',
    'a',
    'a=1&b',
    'é=ü&ß=1',
    'a=%41%zz&b=%E2%82%AC&c=%FF',
    'a=b+c&d+e=f',
    '?a=1&b=2',
    '??a=1',
    'a=1;b=2',
    'scope=read%20write&scope=admin',
  ])('reads %j as URLSearchParams does', (text) => {
    expect(contents(Params.fromForm(text))).toEqual(
      contents(Params.from(new URLSearchParams(text))),
    );
  });
});
