// Rebuilds given.txt and surnames.txt from the name lists of @faker-js/faker (MIT; see
// LICENSE-faker), the locales whose names the NHS's patients and staff most often carry.
//   cd /tmp && npm pack @faker-js/faker@10.1.0 && tar xzf faker-js-faker-10.1.0.tgz
//   node /path/to/core/data/names/extract.mjs /tmp/package
// then commit the two lists. supplement.txt (written by the Reflect team) is kept by hand.
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = process.argv[2] ?? './package';
const m = await import(join(pkg, 'dist/index.js'));
const here = dirname(fileURLToPath(import.meta.url));
const flat = (x) => (Array.isArray(x) ? x : x ? Object.values(x).flat() : []);
const locales = ['en', 'en_IN', 'en_NG', 'en_GH', 'pl', 'it', 'pt_PT', 'ro', 'tr', 'fr', 'de', 'es',
  'nl', 'sv', 'da', 'hu', 'cs_CZ', 'hr', 'lv', 'vi', 'nb_NO', 'fi', 'sk', 'id_ID', 'af_ZA', 'en_ZA',
  'zu_ZA', 'es_MX', 'pt_BR', 'nl_BE', 'sr_RS_latin', 'uz_UZ_latin', 'yo_NG', 'az', 'en_AU', 'fr_BE',
  'fr_SN', 'ro_MD', 'ne'];
const first = new Set();
const last = new Set();
for (const k of locales) {
  const p = m[k]?.person;
  if (!p) continue;
  for (const n of flat(p.first_name)) if (/^[\p{Lu}][\p{L}'’\-]+$/u.test(n)) first.add(n);
  for (const n of flat(p.last_name)) if (/^[\p{L}][\p{L}'’\- ]+$/u.test(n)) last.add(n);
}
writeFileSync(join(here, 'given.txt'), [...first].sort().join('\n') + '\n');
writeFileSync(join(here, 'surnames.txt'), [...last].sort().join('\n') + '\n');
console.log(`${first.size} given names, ${last.size} surnames`);
