import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
const seed = new Uint8Array(32).map((_, i) => i);
const key = await Ed25519Multikey.generate({seed, controller: 'did:example:digitalbazaar-export'});
console.log(JSON.stringify(await key.export({publicKey: true, secretKey: true, includeContext: true}), null, 2));
