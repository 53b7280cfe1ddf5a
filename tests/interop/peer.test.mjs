/**
 * Smoke tests of the digitalbazaar peer CLI against the W3C vectors.
 * Run: npm ci --prefix tests/interop && node --test tests/interop/
 * Needs ../shared/vectors beside the repository (VCLED_SHARED overrides).
 */
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PEER = path.join(HERE, 'peer.mjs');
const SHARED = process.env.VCLED_SHARED ??
  path.resolve(HERE, '..', '..', '..', 'shared');
const W3C = path.join(SHARED, 'vectors', 'w3c');
const EDDSA = path.join(W3C, 'vc-di-eddsa');
const ECDSA = path.join(W3C, 'vc-di-ecdsa');
const skip = existsSync(W3C) ? false : `no W3C vectors at ${W3C}`;
const tmp = mkdtempSync(path.join(tmpdir(), 'peer-test-'));

function peer(...args) {
  const run = spawnSync(process.execPath, [PEER, ...args], {encoding: 'utf8'});
  return {...run, json: run.status === 0 ? JSON.parse(run.stdout) : null};
}

function writeJson(name, value) {
  const file = path.join(tmp, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

test('eddsa-rdfc-2022 reproduces the W3C proofValue', {skip}, () => {
  const {json, status} = peer('sign',
    '--key', path.join(EDDSA, 'keyPair.json'),
    '--created', '2023-02-24T23:36:38Z', path.join(EDDSA, 'unsigned.json'));
  assert.equal(status, 0);
  const expected = JSON.parse(readFileSync(
    path.join(EDDSA, 'eddsa-rdfc-2022', 'signedDataInt.json'), 'utf8'));
  assert.deepEqual(json, expected);
});

const VECTORS = [
  ['eddsa', path.join(EDDSA, 'eddsa-rdfc-2022', 'signedDataInt.json'),
    'z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2'],
  ['p256', path.join(ECDSA, 'ecdsa-rdfc-2019-p256', 'signedECDSAP256.json'),
    'zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP'],
  ['p384', path.join(ECDSA, 'ecdsa-rdfc-2019-p384', 'signedECDSAP384.json'),
    'z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ']
];

for(const [name, file, pub] of VECTORS) {
  test(`${name}: W3C vector fails only the issuer binding`, {skip}, () => {
    const {json, status} = peer('verify', file);
    assert.equal(status, 0);
    assert.equal(json.verified, false);
    assert.equal(json.signature_verified, true);
    assert.match(json.error, /issuer must match the verification method/);
  });

  test(`${name}: verifies with an explicit issuer controller`, {skip}, () => {
    const controller = writeJson(`${name}-ctl.json`, {
      id: 'https://vc.example/issuers/5678',
      assertionMethod: [`did:key:${pub}#${pub}`]
    });
    const {json} = peer('verify', '--issuer-controller', controller, file);
    assert.deepEqual(json,
      {verified: true, error: null, signature_verified: true});
  });

  test(`${name}: tampered alumniOf is rejected`, {skip}, () => {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.credentialSubject.alumniOf = 'The School of Forgery';
    const {json, status} = peer('verify', writeJson(`${name}-bad.json`, doc));
    assert.equal(status, 0);
    assert.equal(json.verified, false);
    assert.equal(json.signature_verified, false);
  });
}

test('round trip with a did:key issuer for every key type', {skip}, () => {
  const keys = [path.join(EDDSA, 'keyPair.json'),
    path.join(ECDSA, 'p256KeyPair.json'), path.join(ECDSA, 'p384KeyPair.json')];
  for(const key of keys) {
    const {publicKeyMultibase} = JSON.parse(readFileSync(key, 'utf8'));
    const doc = JSON.parse(readFileSync(path.join(EDDSA, 'unsigned.json')));
    doc.issuer = `did:key:${publicKeyMultibase}`;
    const input = writeJson('rt.json', doc);
    const signed = execFileSync(process.execPath,
      [PEER, 'sign', '--key', key, input], {encoding: 'utf8'});
    const {json} = peer('verify', writeJson('rt-signed.json',
      JSON.parse(signed)));
    assert.deepEqual(json,
      {verified: true, error: null, signature_verified: true}, key);
  }
});

test('the loader refuses unknown URLs', {skip}, () => {
  const doc = JSON.parse(readFileSync(
    path.join(EDDSA, 'eddsa-rdfc-2022', 'signedDataInt.json'), 'utf8'));
  doc['@context'].push('https://example.com/ctx');
  const {json} = peer('verify', writeJson('unknown-ctx.json', doc));
  assert.equal(json.verified, false);
  assert.match(json.error, /https:\/\/example\.com\/ctx.*not available offline/);
});

test('usage errors exit 2', () => {
  assert.equal(peer('frobnicate').status, 2);
  assert.equal(peer('sign', 'x.json').status, 2);
  assert.equal(peer('verify').status, 2);
});
