// Validates every object of the given multi-document YAML files against its official schema:
// core, apps, rbac, policy and apiregistration from kubernetes-models (generated from the Kubernetes OpenAPI),
// cert-manager and Prometheus operator CRDs from @kubernetes-models/*, and APIService additionally against the
// kube-apiserver's own OpenAPI document (argument --apiregistration-openapi FILE).
// Schemas accept unknown fields; this script also reports every field the schema does not know (a typo such as
// `readinesProbe` would otherwise pass). Prints one JSON line per object; exit code 1 if any object is invalid.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const modules = {
  "v1": (k) => `kubernetes-models/v1/${k}`,
  "apps/v1": (k) => `kubernetes-models/apps/v1/${k}`,
  "policy/v1": (k) => `kubernetes-models/policy/v1/${k}`,
  "rbac.authorization.k8s.io/v1": (k) => `kubernetes-models/rbac.authorization.k8s.io/v1/${k}`,
  "apiregistration.k8s.io/v1": (k) => `kubernetes-models/apiregistration.k8s.io/v1/${k}`,
  "cert-manager.io/v1": (k) => `@kubernetes-models/cert-manager/cert-manager.io/v1/${k}`,
  "monitoring.coreos.com/v1": (k) => `@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${k}`,
};

// Fields whose schema is "any JSON" (x-kubernetes-preserve-unknown-fields): not probed for unknown keys.
const freeForm = [/^\/spec\/acme\/solvers\/\d+\/dns01\/webhook\/config(\/|$)/];

// A value no typed schema accepts: an array nested in arrays, holding an object with a key nobody declares.
const probe = () => [[[{ "\u0000probe": [null] }]]];

const args = process.argv.slice(2);
let openapi = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--apiregistration-openapi") openapi = JSON.parse(readFileSync(args[++i], "utf8"));
  else files.push(args[i]);
}

let apiServiceCheck = null;
if (openapi) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // OpenAPI 3.0 "byte" and "int32"/"int64" formats are not JSON Schema formats.
  ajv.addFormat("byte", /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat("int32", { type: "number", validate: (n) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 });
  ajv.addFormat("int64", { type: "number", validate: (n) => Number.isInteger(n) });
  const root = { components: openapi.components, $ref: "#/components/schemas/io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService" };
  const fn = ajv.compile(root);
  apiServiceCheck = (data) => (fn(data) ? [] : fn.errors);
}

function pointerSet(obj, path, value) {
  let node = obj;
  for (let i = 0; i < path.length - 1; i++) node = node[path[i]];
  node[path[path.length - 1]] = value;
}

function* paths(value, prefix = []) {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) { yield [...prefix, i]; yield* paths(value[i], [...prefix, i]); }
  } else if (value && typeof value === "object") {
    for (const key of Object.keys(value)) { yield [...prefix, key]; yield* paths(value[key], [...prefix, key]); }
  }
}

const pointer = (path) => "/" + path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

function unknownFields(data, check) {
  const unknown = [];
  for (const path of paths(data)) {
    const at = pointer(path);
    if (typeof path[path.length - 1] === "number") continue;
    if (freeForm.some((r) => r.test(at))) continue;
    if (unknown.some((u) => at.startsWith(u + "/"))) continue;
    const copy = structuredClone(data);
    pointerSet(copy, path, probe());
    const errors = check(copy);
    if (!errors.some((e) => e.instancePath === at || e.instancePath.startsWith(at + "/"))) unknown.push(at);
  }
  return unknown.filter((u) => !freeForm.some((r) => r.test(u)));
}

let failed = false;
for (const file of files) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const doc of docs) {
    if (doc.errors.length) { console.log(JSON.stringify({ file, errors: doc.errors.map((e) => e.message) })); failed = true; continue; }
    const data = doc.toJS();
    if (data === null) continue;
    const id = { file, apiVersion: data.apiVersion, kind: data.kind, name: data.metadata?.name, namespace: data.metadata?.namespace };
    const module = modules[data.apiVersion];
    if (!module) { console.log(JSON.stringify({ ...id, errors: [`no schema known for apiVersion ${data.apiVersion}`] })); failed = true; continue; }
    let Model;
    try { Model = (await import(module(data.kind)))[data.kind]; } catch { Model = undefined; }
    if (!Model) { console.log(JSON.stringify({ ...id, errors: [`no schema known for ${data.apiVersion} ${data.kind}`] })); failed = true; continue; }
    const check = (d) => { try { new Model(d).validate(); return []; } catch (e) { return e.errors ?? [{ instancePath: "", message: e.message }]; } };
    const errors = check(data).map((e) => `${e.instancePath || "/"} ${e.message}`);
    const unknown = unknownFields(data, check).map((u) => `${u} is not a field of ${data.apiVersion} ${data.kind}`);
    errors.push(...unknown);
    if (data.kind === "APIService") {
      if (!apiServiceCheck) errors.push("APIService needs --apiregistration-openapi");
      else {
        errors.push(...apiServiceCheck(data).map((e) => `${e.instancePath || "/"} ${e.message} (kube-apiserver OpenAPI)`));
        errors.push(...unknownFields(data, apiServiceCheck).map((u) => `${u} is not a field of APIService (kube-apiserver OpenAPI)`));
      }
    }
    if (errors.length) failed = true;
    console.log(JSON.stringify({ ...id, valid: errors.length === 0, errors }));
  }
}
process.exit(failed ? 1 : 0);
