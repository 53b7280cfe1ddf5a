/**
 * Strict offline document loader for the digitalbazaar peer.
 *
 * Serves only:
 *   - the contexts listed in `<contextsDir>/manifest.json` (sha256-checked),
 *   - contexts registered explicitly with `extraContexts` (URL -> file),
 *   - `did:key:` DIDs and their `#fragment` verification methods, built
 *     locally from the multikey libraries (Ed25519 z6Mk, P-256 zDn, P-384 z82).
 * Everything else throws an error whose message says "not available offline".
 * Nothing is ever fetched from the network.
 */
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..', '..');
export const DEFAULT_CONTEXTS_DIR = path.join(REPO_ROOT, 'contexts');

export const DID_CONTEXT_V1 = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_CONTEXT_V1 = 'https://w3id.org/security/multikey/v1';

/** Error raised for anything the loader will not serve. */
export class NotAvailableOffline extends Error {
  constructor(url, reason = '') {
    super(`Document "${url}" is not available offline` +
      (reason ? ` (${reason})` : '') + '.');
    this.name = 'NotAvailableOffline';
    this.code = 'context.not_available_offline';
    this.url = url;
  }
}

/**
 * Reads the context manifest into a Map url -> {file, sha256}.
 *
 * @param {string} contextsDir - Folder holding manifest.json.
 * @returns {Map<string, {file: string, sha256: string|null}>} The entries.
 */
export function readManifest(contextsDir) {
  const manifestPath = path.join(contextsDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const entries = new Map();
  for(const {url, file, sha256} of manifest.contexts || []) {
    entries.set(url, {file: path.join(contextsDir, file), sha256});
  }
  return entries;
}

/**
 * Parses repeated `URL=FILE` options into a Map url -> {file, sha256: null}.
 *
 * @param {string[]} specs - The `URL=FILE` strings.
 * @returns {Map<string, {file: string, sha256: null}>} The entries.
 */
export function parseExtraContexts(specs = []) {
  const entries = new Map();
  for(const spec of specs) {
    const at = spec.lastIndexOf('=');
    if(at <= 0 || at === spec.length - 1) {
      throw new TypeError(`--extra-context expects URL=FILE, got "${spec}".`);
    }
    entries.set(spec.slice(0, at), {
      file: path.resolve(spec.slice(at + 1)), sha256: null
    });
  }
  return entries;
}

function readContextFile(url, {file, sha256}) {
  const bytes = readFileSync(file);
  if(sha256) {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if(actual !== sha256) {
      throw new Error(`Context "${url}" file ${file} has sha256 ${actual}, ` +
        `manifest says ${sha256}.`);
    }
  }
  return JSON.parse(bytes.toString('utf8'));
}

/**
 * Builds a Multikey key pair (public only) from a did:key multibase value.
 *
 * @param {string} publicKeyMultibase - The `z...` value after `did:key:`.
 * @returns {Promise<object>} The multikey key pair interface.
 */
export async function multikeyFromPublic(publicKeyMultibase) {
  const base = {type: 'Multikey', publicKeyMultibase};
  if(publicKeyMultibase.startsWith('z6Mk')) {
    return Ed25519Multikey.from(base);
  }
  if(publicKeyMultibase.startsWith('zDn') ||
    publicKeyMultibase.startsWith('z82')) {
    return EcdsaMultikey.from(base);
  }
  throw new Error(`Unsupported did:key multikey "${publicKeyMultibase}".`);
}

/**
 * Resolves `did:key:<mb>` or `did:key:<mb>#<mb>` offline.
 *
 * @param {string} url - The DID or DID URL.
 * @returns {Promise<object>} The DID document or verification method.
 */
export async function resolveDidKey(url) {
  const [did, fragment] = url.split('#');
  const publicKeyMultibase = did.slice('did:key:'.length);
  if(fragment !== undefined && fragment !== publicKeyMultibase) {
    throw new NotAvailableOffline(url, 'unknown did:key fragment');
  }
  try {
    // validates the multicodec header and the key bytes
    await multikeyFromPublic(publicKeyMultibase);
  } catch(e) {
    throw new NotAvailableOffline(url, `invalid did:key: ${e.message}`);
  }
  const vmId = `${did}#${publicKeyMultibase}`;
  const verificationMethod = {
    id: vmId, type: 'Multikey', controller: did, publicKeyMultibase
  };
  if(fragment !== undefined) {
    return {'@context': MULTIKEY_CONTEXT_V1, ...verificationMethod};
  }
  return {
    '@context': [DID_CONTEXT_V1, MULTIKEY_CONTEXT_V1],
    id: did,
    verificationMethod: [verificationMethod],
    authentication: [vmId],
    assertionMethod: [vmId],
    capabilityDelegation: [vmId],
    capabilityInvocation: [vmId]
  };
}

/**
 * Creates the strict offline document loader.
 *
 * @param {object} [options] - The options.
 * @param {string} [options.contextsDir] - Folder with manifest.json.
 * @param {string[]} [options.extraContexts] - `URL=FILE` registrations.
 * @returns {Function} A jsonld.js-compatible async document loader.
 */
export function createOfflineLoader({
  contextsDir = DEFAULT_CONTEXTS_DIR, extraContexts = []
} = {}) {
  const entries = readManifest(contextsDir);
  for(const [url, entry] of parseExtraContexts(extraContexts)) {
    entries.set(url, entry);
  }
  const cache = new Map();
  return async function documentLoader(url) {
    if(typeof url !== 'string') {
      throw new NotAvailableOffline(String(url), 'not a URL string');
    }
    let document;
    if(url.startsWith('did:key:')) {
      document = await resolveDidKey(url);
    } else if(entries.has(url)) {
      if(!cache.has(url)) {
        cache.set(url, readContextFile(url, entries.get(url)));
      }
      document = cache.get(url);
    } else {
      throw new NotAvailableOffline(url);
    }
    return {contextUrl: null, documentUrl: url, document};
  };
}
