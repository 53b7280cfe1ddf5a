/**
 * Sign and verify through @digitalbazaar/vc's normal entry points.
 *
 * Credentials: vc.issue / vc.verifyCredential.
 * Presentations (type contains VerifiablePresentation): vc.signPresentation /
 * vc.verify (the library's presentation verifier; there is no
 * `verifyPresentation` export in @digitalbazaar/vc 7).
 */
import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import {signingSuite, verificationSuites} from './suites.mjs';

const {AssertionProofPurpose, AuthenticationProofPurpose} = jsigs.purposes;
const {CredentialIssuancePurpose} = vc;

export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const DI_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2';

/**
 * Whether a document is a presentation.
 *
 * @param {object} doc - The document.
 * @returns {boolean} True for a VerifiablePresentation.
 */
export function isPresentation(doc) {
  const types = [].concat(doc?.type ?? []);
  return types.includes('VerifiablePresentation');
}

/**
 * Returns a copy of a VC 1.1 document with the data-integrity v2 context
 * appended when absent (digitalbazaar needs it to sign DataIntegrityProof
 * on VC 1.1). VC 2.0 documents are returned unchanged.
 *
 * @param {object} doc - The unsigned document.
 * @returns {object} The document to sign.
 */
export function withDataIntegrityContext(doc) {
  const contexts = [].concat(doc['@context'] ?? []);
  if(contexts[0] !== VC_V1_CONTEXT || contexts.includes(DI_V2_CONTEXT)) {
    return doc;
  }
  return {...doc, '@context': [...contexts, DI_V2_CONTEXT]};
}

function signingPurpose({purpose, challenge, domain, presentation}) {
  const term = purpose ??
    (presentation ? 'authentication' : 'assertionMethod');
  if(term === 'authentication') {
    if(typeof challenge !== 'string') {
      throw new UsageError('authentication purpose needs --challenge.');
    }
    return new AuthenticationProofPurpose({challenge, domain});
  }
  if(term === 'assertionMethod') {
    return presentation ?
      new AssertionProofPurpose() : new CredentialIssuancePurpose();
  }
  throw new UsageError(`Unknown purpose "${term}".`);
}

/** A problem with the command line, not with the document. */
export class UsageError extends Error {}

/**
 * Signs a credential or presentation.
 *
 * @param {object} options - The options.
 * @param {object} options.document - The unsigned document.
 * @param {object} options.keyPair - From `loadKeyPair`.
 * @param {Function} options.documentLoader - The offline loader.
 * @param {string} [options.suite] - Cryptosuite name.
 * @param {string} [options.purpose] - assertionMethod | authentication.
 * @param {string} [options.challenge] - Proof challenge.
 * @param {string} [options.domain] - Proof domain.
 * @param {string} [options.created] - ISO date for `proof.created`.
 * @param {string} [options.now] - ISO date for the library's date checks.
 * @returns {Promise<object>} The signed document.
 */
export async function sign({
  document, keyPair, documentLoader, suite, purpose, challenge, domain,
  created, now
}) {
  const presentation = isPresentation(document);
  const proofPurpose = signingPurpose(
    {purpose, challenge, domain, presentation});
  const signer = signingSuite({keyPair, suite, created});
  const doc = withDataIntegrityContext(structuredClone(document));
  if(presentation) {
    return vc.signPresentation({
      presentation: doc, suite: signer, purpose: proofPurpose,
      documentLoader
    });
  }
  return vc.issue({
    credential: doc, suite: signer, purpose: proofPurpose, documentLoader,
    ...(now ? {now} : {})
  });
}

function statusChecker({skipStatus}) {
  return async () => {
    if(skipStatus) {
      return {verified: true};
    }
    return {
      verified: false,
      error: new Error('credentialStatus is present but status checking is ' +
        'not available offline (nothing fetched)')
    };
  };
}

/**
 * Verifies a credential or presentation. Never throws for document content.
 *
 * @param {object} options - The options.
 * @param {object} options.document - The signed document.
 * @param {Function} options.documentLoader - The offline loader.
 * @param {string} [options.challenge] - Expected challenge (presentations).
 * @param {string} [options.domain] - Expected domain (presentations).
 * @param {string} [options.now] - ISO date for validity checks.
 * @param {object} [options.issuerController] - A controller document for
 *   the issuer, given out of band (lists the key under assertionMethod).
 * @param {boolean} [options.skipStatus] - Treat credentialStatus as passed.
 * @returns {Promise<object>} The raw @digitalbazaar/vc result.
 */
export async function verify({
  document, documentLoader, challenge, domain, now, issuerController,
  skipStatus = false
}) {
  const common = {
    suite: verificationSuites(), documentLoader,
    checkStatus: statusChecker({skipStatus}),
    ...(now ? {now} : {})
  };
  const credentialPurpose = issuerController ?
    new CredentialIssuancePurpose({controller: issuerController}) : undefined;
  try {
    if(isPresentation(document)) {
      return await vc.verify({
        ...common, presentation: document, challenge, domain,
        ...(credentialPurpose ? {purpose: credentialPurpose} : {})
      });
    }
    return await vc.verifyCredential({
      ...common, credential: document,
      ...(credentialPurpose ? {purpose: credentialPurpose} : {})
    });
  } catch(error) {
    return {verified: false, error};
  }
}
