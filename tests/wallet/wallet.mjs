// A test wallet on the OpenWallet Foundation OpenID4VCI client (@openid4vc/openid4vci,
// @openid4vc/oauth2). Driven by test_wallet_e2e.py:
//   node wallet.mjs pre-authorized   (stdin: {"offer", "txCode", "proofJwk", "dpop"})
//   node wallet.mjs authorization-code (stdin: {"issuer", "configurations", "proofJwk",
//        "dpop", "redirectUri"}; prints {"authorizationRequestUrl"} and then reads the
//        redirect URL the browser ended at, one line on stdin)
// Prints one JSON line {"credentials": [...], "tokenType": ...} on stdout.
// The proof key is the Ed25519 key the test gives (kid: did:key for ldp_vc; the key itself as
// `jwk` for dc+sd-jwt, whose binding method is jwk); the DPoP key is P-256.
// JWS signing with the `jose` library (as the oid4vc-ts tests do), no hand-rolled JOSE.
import crypto from 'node:crypto'
import readline from 'node:readline'
import { clientAuthenticationNone } from '@openid4vc/oauth2'
import { Openid4vciClient } from '@openid4vc/openid4vci'
import { setGlobalConfig } from '@openid4vc/utils'
import * as jose from 'jose'

setGlobalConfig({ allowInsecureUrls: true }) // the gateway runs on http://127.0.0.1 in the test

const lines = readline.createInterface({ input: process.stdin })
const iterator = lines[Symbol.asyncIterator]()
const nextLine = async () => (await iterator.next()).value

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
function base58(bytes) {
  let n = BigInt('0x' + Buffer.from(bytes).toString('hex'))
  let out = ''
  while (n > 0n) { out = B58[Number(n % 58n)] + out; n /= 58n }
  for (const b of bytes) { if (b !== 0) break; out = '1' + out }
  return out
}
function didKeyOfEd25519(jwk) {
  const multikey = 'z' + base58(Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(jwk.x, 'base64url')]))
  return { did: `did:key:${multikey}`, kid: `did:key:${multikey}#${multikey}` }
}

function makeCallbacks(keys) {
  return {
    fetch,
    hash: (data, alg) => crypto.createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
    generateRandom: (bytes) => crypto.randomBytes(bytes),
    clientAuthentication: clientAuthenticationNone({ clientId: 'vc-led-test-wallet' }),
    signJwt: async (signer, { header, payload }) => {
      const proof = signer.method === 'did' || signer.publicJwk?.x === keys.proof.publicJwk.x
      const key = proof ? keys.proof : keys.dpop
      const jwt = await new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader(header)
        .sign(key.private)
      return { jwt, signerJwk: key.publicJwk }
    },
  }
}

function loadKeys(input) {
  const proofPrivate = crypto.createPrivateKey({ key: input.proofJwk, format: 'jwk' })
  const { d: _, ...proofPublic } = input.proofJwk
  const pair = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const dpopPublic = pair.publicKey.export({ format: 'jwk' })
  return {
    proof: { private: proofPrivate, publicJwk: proofPublic, ...didKeyOfEd25519(proofPublic) },
    dpop: { private: pair.privateKey, publicJwk: dpopPublic },
  }
}

async function fetchCredentials(client, keys, issuerMetadata, tokenResult, configurations) {
  const { accessTokenResponse, dpop } = tokenResult
  const details = accessTokenResponse.authorization_details ?? []
  const wanted = details.length
    ? details.flatMap((d) => d.credential_identifiers.map(() => d.credential_configuration_id))
    : configurations
  const credentials = []
  const formats = []
  let dpopState = dpop
  for (const credentialConfigurationId of wanted) {
    const { c_nonce } = await client.requestNonce({ issuerMetadata })
    const configuration = issuerMetadata.credentialIssuer.credential_configurations_supported[credentialConfigurationId]
    const signer = configuration.format === 'dc+sd-jwt'
      ? { method: 'jwk', publicJwk: keys.proof.publicJwk, alg: 'EdDSA' }
      : { method: 'did', didUrl: keys.proof.kid, alg: 'EdDSA' }
    const { jwt } = await client.createCredentialRequestJwtProof({
      issuerMetadata,
      credentialConfigurationId,
      signer,
      nonce: c_nonce,
    })
    const response = await client.retrieveCredentials({
      issuerMetadata,
      accessToken: accessTokenResponse.access_token,
      credentialConfigurationId,
      proofs: { jwt: [jwt] },
      dpop: dpopState,
    })
    dpopState = response.dpop ?? dpopState
    credentials.push(...response.credentialResponse.credentials.map((c) => c.credential))
    formats.push(...response.credentialResponse.credentials.map(() => configuration.format))
  }
  return { credentials, formats, tokenType: accessTokenResponse.token_type, holder: keys.proof.did }
}

async function preAuthorized(input) {
  const keys = loadKeys(input)
  const client = new Openid4vciClient({ callbacks: makeCallbacks(keys) })
  const credentialOffer = await client.resolveCredentialOffer(input.offer)
  const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer)
  const dpopSigner = { method: 'jwk', alg: 'ES256', publicJwk: keys.dpop.publicJwk }
  const tokenResult = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer,
    issuerMetadata,
    txCode: input.txCode,
    dpop: input.dpop ? { signer: dpopSigner } : undefined,
  })
  return fetchCredentials(client, keys, issuerMetadata, tokenResult, credentialOffer.credential_configuration_ids)
}

async function authorizationCode(input) {
  const keys = loadKeys(input)
  const client = new Openid4vciClient({ callbacks: makeCallbacks(keys) })
  const issuerMetadata = await client.resolveIssuerMetadata(input.issuer)
  const credentialOffer = {
    credential_issuer: input.issuer,
    credential_configuration_ids: input.configurations,
    grants: { authorization_code: {} },
  }
  const dpopSigner = { method: 'jwk', alg: 'ES256', publicJwk: keys.dpop.publicJwk }
  const { authorizationRequestUrl, pkce, dpop } = await client.createAuthorizationRequestUrlFromOffer({
    clientId: 'vc-led-test-wallet',
    credentialOffer,
    issuerMetadata,
    redirectUri: input.redirectUri,
    scope: input.configurations.join(' '),
    dpop: input.dpop ? { signer: dpopSigner } : undefined,
  })
  process.stdout.write(JSON.stringify({ authorizationRequestUrl }) + '\n')
  const redirected = await nextLine()
  const authorizationServerMetadata = issuerMetadata.authorizationServers[0]
  const response = client.parseAndVerifyAuthorizationResponseRedirectUrl({
    url: redirected,
    authorizationServerMetadata,
  })
  const tokenResult = await client.retrieveAuthorizationCodeAccessTokenFromOffer({
    credentialOffer,
    issuerMetadata,
    authorizationCode: response.code,
    pkceCodeVerifier: pkce?.codeVerifier,
    redirectUri: input.redirectUri,
    dpop: dpop ?? (input.dpop ? { signer: dpopSigner } : undefined),
  })
  return fetchCredentials(client, keys, issuerMetadata, tokenResult, input.configurations)
}

const input = JSON.parse(await nextLine())
const flows = { 'pre-authorized': preAuthorized, 'authorization-code': authorizationCode }
try {
  const result = await flows[process.argv[2]](input)
  // exit only once the (large: SD-JWT VCs) line is flushed to the pipe
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0))
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n${error?.response ? JSON.stringify(error.response) : ''}\n`)
  process.exit(1)
}
