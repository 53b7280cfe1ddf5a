// Interop driver for the gateway's OpenID4VCI dc+sd-jwt credentials (helper "oidsd"), on
// @sd-jwt/sd-jwt-vc 0.19.0: verifies an SD-JWT VC the wallet received, its signature with the
// issuer key from the gateway's JWT VC Issuer Metadata (ES256 or EdDSA), its Token Status List
// entry (the statuslist+jwt token the test fetched, verified with the same key) and its vct
// Type Metadata (the shipped document, checked against vct#integrity here).
//   node oid4vci.mjs REQUEST.json -> {"ok": true, "payload": ..., "vctValues": [...]} | {"ok": false, "error": ...}
//     REQUEST: {"sdjwt", "issuerJwk", "statusList", "typeMetadata" (JSON text), "now" (seconds)}
// No network: the status list and the type metadata come in the request.
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { digest } from '@sd-jwt/crypto-nodejs';

const [, , path] = process.argv;
const request = JSON.parse(readFileSync(path, 'utf8'));

function verifierOf(jwk) {
  const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
  return async (data, sig) => {
    const signature = Buffer.from(sig, 'base64url');
    if (jwk.kty === 'OKP') return crypto.verify(null, Buffer.from(data), key, signature);
    return crypto.verify('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }, signature);
  };
}

async function verify() {
  const integrityOf = (text) =>
    'sha256-' + crypto.createHash('sha256').update(Buffer.from(text, 'utf8')).digest('base64');
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    verifier: verifierOf(request.issuerJwk),
    statusListFetcher: async () => request.statusList,
    loadTypeMetadataFormat: true,
    vctFetcher: async (_uri, integrity) => {
      if (integrity && integrity !== integrityOf(request.typeMetadata)) {
        throw new Error('vct#integrity does not match the type metadata');
      }
      return JSON.parse(request.typeMetadata);
    },
  });
  try {
    const result = await sdjwt.verify(request.sdjwt, { currentDate: request.now });
    return { ok: true, payload: result.payload, vctValues: result.typeMetadata?.vctValues ?? [] };
  } catch (error) {
    return { ok: false, error: String(error?.message ?? error) };
  }
}

process.stdout.write(JSON.stringify(await verify()) + '\n');
