/**
 * Keys and Data Integrity suites for the digitalbazaar peer.
 *
 * Key files use the W3C test-vector form:
 *   {"publicKeyMultibase": "z6Mk..|zDn..|z82..",
 *    "secretKeyMultibase" | "privateKeyMultibase": "z...",
 *    "id"?: "...", "controller"?: "..."}
 * Defaults: controller `did:key:<pub>`, id `did:key:<pub>#<pub>`.
 */
import {readFileSync} from 'node:fs';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc2019} from
  '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';

export const CRYPTOSUITES = Object.freeze({
  'eddsa-rdfc-2022': eddsaRdfc2022,
  'ecdsa-rdfc-2019': ecdsaRdfc2019
});

/**
 * Picks the suite that matches a public key's multicodec prefix.
 *
 * @param {string} publicKeyMultibase - The public key.
 * @returns {string} The cryptosuite name.
 */
export function defaultSuiteFor(publicKeyMultibase) {
  if(publicKeyMultibase.startsWith('z6Mk')) {
    return 'eddsa-rdfc-2022';
  }
  if(publicKeyMultibase.startsWith('zDn') ||
    publicKeyMultibase.startsWith('z82')) {
    return 'ecdsa-rdfc-2019';
  }
  throw new Error(`Unsupported public key "${publicKeyMultibase}".`);
}

/**
 * Loads a key file into a multikey key pair with a signer.
 *
 * @param {string} file - Path to the KEY.json file.
 * @returns {Promise<object>} The key pair interface (has `.signer()`).
 */
export async function loadKeyPair(file) {
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  const publicKeyMultibase = raw.publicKeyMultibase;
  const secretKeyMultibase = raw.secretKeyMultibase ?? raw.privateKeyMultibase;
  if(typeof publicKeyMultibase !== 'string' ||
    typeof secretKeyMultibase !== 'string') {
    throw new TypeError(`${file}: needs publicKeyMultibase and ` +
      'secretKeyMultibase (or privateKeyMultibase).');
  }
  const controller = raw.controller ?? `did:key:${publicKeyMultibase}`;
  const id = raw.id ?? `${controller}#${publicKeyMultibase}`;
  const multikey = {
    type: 'Multikey', id, controller, publicKeyMultibase, secretKeyMultibase
  };
  const lib = publicKeyMultibase.startsWith('z6Mk') ?
    Ed25519Multikey : EcdsaMultikey;
  return lib.from(multikey);
}

/**
 * Creates a signing suite.
 *
 * @param {object} options - The options.
 * @param {object} options.keyPair - From `loadKeyPair`.
 * @param {string} [options.suite] - Cryptosuite name; default from the key.
 * @param {string} [options.created] - ISO date for `proof.created`.
 * @returns {DataIntegrityProof} The suite.
 */
export function signingSuite({keyPair, suite, created}) {
  const name = suite ?? defaultSuiteFor(keyPair.publicKeyMultibase);
  const cryptosuite = CRYPTOSUITES[name];
  if(!cryptosuite) {
    throw new TypeError(`Unknown suite "${name}".`);
  }
  return new DataIntegrityProof({
    signer: keyPair.signer(), cryptosuite, date: created
  });
}

/**
 * The suites accepted at verification: both RDFC cryptosuites.
 *
 * @returns {DataIntegrityProof[]} The verification suites.
 */
export function verificationSuites() {
  return Object.values(CRYPTOSUITES).map(
    cryptosuite => new DataIntegrityProof({cryptosuite}));
}
