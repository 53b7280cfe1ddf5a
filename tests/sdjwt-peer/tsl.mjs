// Token Status List peer for vc-led's interop tests (helper "tsl"): @sd-jwt/jwt-status-list
// and @sd-jwt/crypto-nodejs 0.19.0 (pinned in package.json).
//
//   node tsl.mjs decode-jwt PUBLIC_JWK_JSON < token   -> {"verified", "typ", "sub", "bits", "statuses"}
//   node tsl.mjs encode BITS VALUES_JSON                -> {"bits", "lst"}
//   node tsl.mjs decode BITS LST                        -> {"bits", "statuses"}
import { readFileSync } from 'node:fs';
import { ES256, ES384 } from '@sd-jwt/crypto-nodejs';
import { StatusList, getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';

const VERIFIERS = { ES256, ES384 };

function part(text) {
  return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
}

async function decodeJwt(jwkJson) {
  const token = readFileSync(0, 'utf8').trim();
  const [h, p, s] = token.split('.');
  const header = part(h);
  const payload = part(p);
  const suite = VERIFIERS[header.alg];
  if (!suite) throw new Error(`unsupported alg ${header.alg}`);
  const verify = await suite.getVerifier(JSON.parse(jwkJson));
  const verified = await verify(`${h}.${p}`, s);
  const list = getListFromStatusListJWT(token);
  return {
    verified,
    typ: header.typ,
    sub: payload.sub,
    ttl: payload.ttl ?? null,
    bits: list.getBitsPerStatus(),
    statuses: list.statusList,
  };
}

function decode(bits, lst) {
  const list = StatusList.decompressStatusList(lst, Number(bits));
  return { bits: list.getBitsPerStatus(), statuses: list.statusList };
}

function encode(bits, valuesJson) {
  const list = new StatusList(JSON.parse(valuesJson), Number(bits));
  return { bits: list.getBitsPerStatus(), lst: list.compressStatusList() };
}

const [command, ...args] = process.argv.slice(2);
const commands = { 'decode-jwt': decodeJwt, decode, encode };
if (!commands[command]) {
  process.stderr.write(`unknown command ${command}\n`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(await commands[command](...args)));
