import { mkdirSync, writeFileSync } from 'node:fs';
import { readConfigKeys, renderConfigReference } from './config-reference.ts';

// Pages made from the code before VitePress builds the site (the API reference is TypeDoc's).
const reference = new URL('../reference/', import.meta.url);
mkdirSync(reference, { recursive: true });
writeFileSync(new URL('configuration.md', reference), renderConfigReference(readConfigKeys()));
console.log('generated reference/configuration.md');
