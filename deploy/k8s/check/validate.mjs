// Checks deploy/k8s against the Kubernetes API schemas (npm kubernetes-models, ajv) without a cluster:
// `cd deploy/k8s/check && npm install && node validate.mjs ..`. Types, required fields and enums are
// checked; unknown field names are not (the schemas allow them). Kinds without a schema here are listed.
import fs from 'fs';
import path from 'path';
import * as yaml from 'js-yaml';
const dir = process.argv[2];
let failed = 0, checked = 0;
const kinds = {
  'apps/v1/Deployment': () => import('kubernetes-models/apps/v1/Deployment'),
  'v1/Service': () => import('kubernetes-models/v1/Service'),
  'v1/ConfigMap': () => import('kubernetes-models/v1/ConfigMap'),
};
for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort()) {
  for (const doc of yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8'))) {
    const key = `${doc.apiVersion}/${doc.kind}`;
    if (!kinds[key]) { console.log(`${f}: ${key} not checked (no schema here)`); continue; }
    const mod = await kinds[key]();
    const Model = mod[doc.kind];
    try { new Model(doc).validate(); checked++; console.log(`${f}: ${key} ${doc.metadata.name} valid`); }
    catch (e) { failed++; console.log(`${f}: ${key} INVALID: ${e.message}`); }
  }
}
console.log(`${checked} valid, ${failed} invalid`);
process.exit(failed ? 1 : 0);
