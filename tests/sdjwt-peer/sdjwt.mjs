// Interop driver for vc-led's SD-JWT VC tests (helper "sdjwt"), on @sd-jwt/sd-jwt-vc 0.19.0.
//   node sdjwt.mjs verify REQUEST.json  -> {"ok": true, "payload": ..., "kb": ...} | {"ok": false, "error": ...}
//     REQUEST: {"sdjwt", "issuerJwk", "now" (seconds), "nonce"?, "requireKb"?}
//   node sdjwt.mjs issue REQUEST.json   -> {"sdjwt", "presentation", "issuerJwk", "holderJwk"}
//     REQUEST: {"iss", "vct", "claims", "frame", "presentationFrame", "aud", "nonce", "now"}
// No network: status lists are never fetched (the credentials carry no status here).
import { readFileSync } from 'node:fs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';

const [, , command, path] = process.argv;
const request = JSON.parse(readFileSync(path, 'utf8'));

function instance(extra) {
  return new SDJwtVcInstance({ hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt, ...extra });
}

async function verify() {
  const verifier = await ES256.getVerifier(request.issuerJwk);
  const kbVerifier = async (data, sig, payload) => {
    const jwk = payload?.cnf?.jwk;
    if (!jwk) return false;
    return (await ES256.getVerifier(jwk))(data, sig);
  };
  const sdjwt = instance({ verifier, kbVerifier });
  try {
    const result = await sdjwt.verify(request.sdjwt, {
      currentDate: request.now,
      keyBindingNonce: request.nonce,
      requiredClaimKeys: request.requireKb ? undefined : undefined,
    });
    if (request.requireKb && !result.kb) throw new Error('no key binding');
    return { ok: true, payload: result.payload, kb: result.kb?.payload ?? null };
  } catch (error) {
    return { ok: false, error: String(error?.message ?? error) };
  }
}

async function issue() {
  const issuer = await ES256.generateKeyPair();
  const holder = await ES256.generateKeyPair();
  const sdjwt = instance({
    signer: await ES256.getSigner(issuer.privateKey),
    signAlg: 'ES256',
    kbSigner: await ES256.getSigner(holder.privateKey),
    kbSignAlg: 'ES256',
  });
  const { d: _h, ...holderPublic } = holder.privateKey;
  const payload = {
    iss: request.iss,
    iat: request.now - 60,
    vct: request.vct,
    cnf: { jwk: holder.publicKey },
    ...request.claims,
  };
  const issued = await sdjwt.issue(payload, request.frame, { header: { typ: 'dc+sd-jwt' } });
  const presentation = await sdjwt.present(issued, request.presentationFrame, {
    kb: { payload: { iat: request.now, aud: request.aud, nonce: request.nonce } },
  });
  return { sdjwt: issued, presentation, issuerJwk: issuer.publicKey, holderJwk: holder.publicKey };
}

const out = command === 'verify' ? await verify() : command === 'issue' ? await issue() : null;
if (out === null) {
  console.error('usage: node sdjwt.mjs verify|issue REQUEST.json');
  process.exit(2);
}
process.stdout.write(JSON.stringify(out));
