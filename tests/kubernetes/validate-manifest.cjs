#!/usr/bin/env node
// validate-manifest.cjs - validate Kubernetes manifests (YAML, several
// documents a file) against the schemas of the Kubernetes API, as
// kubernetes-models ships them (its validate(): types, required fields,
// formats such as quantities), and refuse unknown fields, which the API's
// OpenAPI schemas do not: each field of each object is replaced in turn
// by a value of no JSON type, and a field the schema does not look at (no
// error at its path) is unknown, as "kubectl apply --validate=strict"
// would say.  No cluster is needed.
//
// Usage: node validate-manifest.cjs MODULES_DIR FILE...
//   MODULES_DIR  the directory where tests/kubernetes/package.json was
//                installed (npm ci; scripts/docker-testbed does it)
// Prints one line per object ("FILE: Kind namespace/name: valid") or per
// error ("FILE: Kind namespace/name: PATH: MESSAGE"); exit status 0 when
// every object is valid, 1 when one is not, 2 on a usage error or an
// unknown apiVersion or kind.
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

if (process.argv.length < 4) {
	console.error('usage: node validate-manifest.cjs MODULES_DIR FILE...');
	process.exit(2);
}
const req = createRequire(path.join(path.resolve(process.argv[2]), 'package.json'));
const yaml = req('js-yaml');

// The model class of an apiVersion and kind: kubernetes-models/GROUP/VERSION.
function modelOf(obj) {
	const av = obj && obj.apiVersion, kind = obj && obj.kind;
	if (typeof av !== 'string' || typeof kind !== 'string')
		return null;
	let mod;
	try {
		mod = req('kubernetes-models/' + av);
	} catch (e) {
		return null;
	}
	return typeof mod[kind] === 'function' ? mod[kind] : null;
}

// The errors of validate(), or [] when valid.
function errorsOf(Model, obj) {
	try {
		new Model(obj).validate();
		return [];
	} catch (e) {
		if (!Array.isArray(e.errors))
			throw e;
		return e.errors;
	}
}

// Every field's path below @v: [path array, ...] (array items are walked,
// not probed: an index is no field).
function fieldsOf(v, at, out) {
	if (Array.isArray(v)) {
		v.forEach((x, i) => fieldsOf(x, at.concat(i), out));
	} else if (v && typeof v === 'object') {
		for (const k of Object.keys(v)) {
			out.push(at.concat(k));
			fieldsOf(v[k], at.concat(k), out);
		}
	}
	return out;
}

function pointer(p) {
	return '/' + p.map(s => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

// The fields of a valid @obj that its schema does not know.
function unknownFields(Model, obj) {
	const unknown = [];
	for (const p of fieldsOf(obj, [], [])) {
		const copy = JSON.parse(JSON.stringify(obj));
		let o = copy;
		for (const s of p.slice(0, -1))
			o = o[s];
		o[p[p.length - 1]] = () => 0;	// a function: no JSON type
		const at = pointer(p);
		const errs = errorsOf(Model, copy);
		if (!errs.some(e => e.instancePath === at || e.instancePath.startsWith(at + '/')))
			unknown.push(at);
	}
	// a field below an unknown one is unknown too: name the top one only
	return unknown.filter(u => !unknown.some(o => o !== u && u.startsWith(o + '/')));
}

let bad = 0;
for (const file of process.argv.slice(3)) {
	let docs;
	try {
		docs = yaml.loadAll(fs.readFileSync(file, 'utf8'));
	} catch (e) {
		console.log(`${file}: ${e.message.split('\n')[0]}`);
		bad = 1;
		continue;
	}
	docs = docs.filter(d => d !== null && d !== undefined);
	if (docs.length === 0) {
		console.log(`${file}: no object`);
		bad = 1;
	}
	for (const obj of docs) {
		const Model = modelOf(obj);
		const md = (obj && obj.metadata) || {};
		const name = `${obj && obj.kind} ${md.namespace ? md.namespace + '/' : ''}${md.name}`;
		if (!Model) {
			console.log(`${file}: ${name}: unknown apiVersion ${obj && obj.apiVersion} or kind`);
			process.exitCode = 2;
			bad = 1;
			continue;
		}
		const errs = errorsOf(Model, obj);
		const probs = errs.map(e => `${e.instancePath || '/'}: ${e.message}`);
		if (errs.length === 0)
			for (const u of unknownFields(Model, obj))
				probs.push(`${u}: unknown field`);
		if (probs.length === 0) {
			console.log(`${file}: ${name}: valid`);
		} else {
			bad = 1;
			for (const p of [...new Set(probs)])
				console.log(`${file}: ${name}: ${p}`);
		}
	}
}
if (bad && !process.exitCode)
	process.exitCode = 1;
