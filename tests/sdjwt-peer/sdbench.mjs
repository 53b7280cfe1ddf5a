// The @sd-jwt/sd-jwt-vc 0.19.0 side of benchmarks/bench_sdjwt.py (helper "sdbench").
//   node sdbench.mjs REQUEST.json  -> {"ops_per_s": {issue, present, verify, verify_no_status},
//                                       "presentation",
//                                       "verifiedOurs", "error"}
// REQUEST (written by bench_sdjwt.py): alg (ES256 | EdDSA), keys {issuer, holder: PKCS#8 PEM,
// root: certificate PEM}, x5c, iss, vct, claims, frame, presentationFrame, status, statusToken,
// aud, nonce, now, nbf, exp (seconds), ours (vc-led's presentation), iterations, warmup.
//
// The same keys, claims, disclosure structure, x5c chain and Status List Token as vc-led.
// Signatures use node:crypto KeyObjects made once (@sd-jwt/crypto-nodejs has ES256 but no
// EdDSA; both algorithms go the same way here); hashing is @sd-jwt/crypto-nodejs `digest`;
// salts are 128 bits like vc-led's. @sd-jwt does not validate x5c: the issuer verifier below
// does what vc-led's does for a one-certificate chain (leaf issued and signed by the root, both
// valid now, iss a SAN URI of the leaf, the JWS checked with the leaf key), on every call; the
// status list token goes through the same verifier (statusVerifier) and is read from memory
// (statusListFetcher), as vc-led reads its offline snapshot. No network.
import { readFileSync } from 'node:fs';
import { X509Certificate, createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { digest } from '@sd-jwt/crypto-nodejs';

const b64u = (buf) => Buffer.from(buf).toString('base64url');
const fromB64u = (text) => Buffer.from(text, 'base64url');

function algorithms(alg) {
  const es = alg === 'ES256';
  return {
    sign: (data, key) => b64u(sign(es ? 'sha256' : null, Buffer.from(data), es ? { key, dsaEncoding: 'ieee-p1363' } : key)),
    verify: (data, sig, key) => verify(es ? 'sha256' : null, Buffer.from(data), es ? { key, dsaEncoding: 'ieee-p1363' } : key, fromB64u(sig)),
  };
}

function x5cVerifier(request, crypto) {
  const root = new X509Certificate(request.keys.root);
  return async (data, sig) => {
    const header = JSON.parse(fromB64u(data.split('.')[0]).toString('utf8'));
    const payload = JSON.parse(fromB64u(data.split('.')[1]).toString('utf8'));
    if (!Array.isArray(header.x5c) || header.x5c.length !== 1) return false;
    const leaf = new X509Certificate(Buffer.from(header.x5c[0], 'base64'));
    const now = Date.now();
    for (const cert of [leaf, root]) {
      if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) return false;
    }
    if (!leaf.checkIssued(root) || !leaf.verify(root.publicKey)) return false;
    if (payload.iss !== undefined && !(leaf.subjectAltName ?? '').split(', ').includes(`URI:${payload.iss}`)) return false;
    return crypto.verify(data, sig, leaf.publicKey);
  };
}

function instance(request) {
  const crypto = algorithms(request.alg);
  const issuerKey = createPrivateKey(request.keys.issuer);
  const holderKey = createPrivateKey(request.keys.holder);
  const verifier = x5cVerifier(request, crypto);
  return new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: () => b64u(randomBytes(16)),
    signer: async (data) => crypto.sign(data, issuerKey),
    signAlg: request.alg,
    verifier,
    statusVerifier: verifier,
    statusListFetcher: async () => request.statusToken,
    kbSigner: async (data) => crypto.sign(data, holderKey),
    kbSignAlg: request.alg,
    kbVerifier: async (data, sig, payload) => {
      const jwk = payload?.cnf?.jwk;
      return jwk ? crypto.verify(data, sig, createPublicKey({ key: jwk, format: 'jwk' })) : false;
    },
  });
}

async function opsPerS(fn, iterations, warmup) {
  for (let i = 0; i < warmup; i++) await fn();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return iterations / ((performance.now() - start) / 1000);
}

export async function main(argv) {
  const request = JSON.parse(readFileSync(argv[0], 'utf8'));
  const sdjwt = instance(request);
  const holderJwk = createPublicKey(createPrivateKey(request.keys.holder)).export({ format: 'jwk' });
  const payload = {
    iss: request.iss, iat: request.now, nbf: request.nbf, vct: request.vct,
    cnf: { jwk: holderJwk }, status: request.status, ...request.claims,
  };
  if (request.exp != null) payload.exp = request.exp;
  const header = { typ: 'dc+sd-jwt', x5c: request.x5c };
  const issue = () => sdjwt.issue(payload, request.frame, { header });
  const credential = await issue();
  const kb = { payload: { iat: request.now, aud: request.aud, nonce: request.nonce } };
  const present = () => sdjwt.present(credential, request.presentationFrame, { kb });
  const presentation = await present();
  const options = { currentDate: request.now, keyBindingNonce: request.nonce };
  const check = async (text) => {
    const result = await sdjwt.verify(text, options);
    if (!result.kb) throw new Error('no key binding');
    return result;
  };
  await check(presentation);
  const { status: _status, ...bare } = payload;
  const bareCredential = await sdjwt.issue(bare, request.frame, { header });
  const barePresentation = await sdjwt.present(bareCredential, request.presentationFrame, { kb });
  await check(barePresentation);
  let verifiedOurs = true;
  let error = null;
  try {
    await check(request.ours);
  } catch (e) {
    verifiedOurs = false;
    error = String(e?.message ?? e);
  }
  const n = request.iterations;
  const w = request.warmup;
  const ops_per_s = {
    issue: await opsPerS(issue, n, w),
    present: await opsPerS(present, n, w),
    verify: await opsPerS(() => check(presentation), n, w),
    verify_no_status: await opsPerS(() => check(barePresentation), n, w),
  };
  process.stdout.write(JSON.stringify({ ops_per_s, presentation, verifiedOurs, error }));
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
