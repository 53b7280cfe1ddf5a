/**
 * Turns a @digitalbazaar/vc verification result into the peer's output:
 * {"verified": bool, "error": "<short text>" | null}.
 * No stack traces; nested causes are flattened into one line.
 */
const MAX_ERROR_LENGTH = 400;

function messagesOf(error, seen = new Set()) {
  if(!error || seen.has(error)) {
    return [];
  }
  seen.add(error);
  if(Array.isArray(error.errors) && error.errors.length > 0) {
    return error.errors.flatMap(e => messagesOf(e, seen));
  }
  const cause = error.details?.cause ?? error.cause;
  if(cause) {
    // jsonld.js wraps loader errors in long generic text: keep its error
    // name and the cause's message instead
    const inner = messagesOf(cause, seen);
    if(inner.length > 0) {
      return inner.map(m => `${error.name ?? 'Error'}: ${m}`);
    }
  }
  return [String(error.message ?? error)];
}

/**
 * One line describing an error and its causes, without stack traces.
 *
 * @param {Error} error - The error.
 * @returns {string} The description.
 */
export function describeError(error) {
  return [...new Set(messagesOf(error))].join('; ');
}

function resultMessages(result, prefix = '') {
  const messages = [];
  if(result.error) {
    messages.push(...messagesOf(result.error));
  }
  for(const r of result.results ?? []) {
    if(r && r.verified === false && r.error && r.error !== result.error) {
      messages.push(...messagesOf(r.error));
    }
    // name the key's controller when the issuer binding failed
    const controller = r?.verificationMethod?.controller;
    const purposeError = r?.purposeResult?.error?.message ?? '';
    if(controller && /issuer/i.test(purposeError)) {
      messages.push(`verification method controller: ${controller}`);
    }
  }
  if(result.statusResult && !result.statusResult.verified) {
    messages.push(...messagesOf(result.statusResult.error ??
      new Error('credential status check failed')));
  }
  return messages.map(m => prefix + m);
}

/**
 * Whether the cryptographic check of every proof passed, independently of
 * the proof purpose / issuer binding (jsonld-signatures only runs the purpose
 * check, and records `purposeResult`, after the signature verified).
 *
 * @param {object} result - A jsonld-signatures style result.
 * @returns {boolean|null} True/false, or null when no proof was checked.
 */
export function signatureVerified(result) {
  const proofs = (result?.results ?? []).filter(r => r?.proof);
  if(proofs.length === 0) {
    return null;
  }
  return proofs.every(r => r.verified === true || r.purposeResult !== undefined);
}

/**
 * Summarises a verification result.
 *
 * @param {object} result - From vc.verifyCredential / vc.verifyPresentation.
 * @returns {{verified: boolean, error: string|null,
 *   signature_verified: boolean|null}} The peer output.
 */
export function summarize(result) {
  const verified = result.verified === true;
  const signature_verified = signatureVerified(
    result.presentationResult ?? result);
  let messages = [];
  if(result.presentationResult) {
    if(!result.presentationResult.verified) {
      messages.push(...resultMessages(result.presentationResult,
        'presentation: '));
    }
  } else if(!verified) {
    messages.push(...resultMessages(result));
  }
  for(const [i, r] of (result.credentialResults ?? []).entries()) {
    if(!r.verified) {
      messages.push(...resultMessages(r, `verifiableCredential[${i}]: `));
    }
  }
  messages = [...new Set(messages)];
  if(verified || messages.length === 0) {
    const error = verified ? null : 'verification failed';
    return {verified, error, signature_verified};
  }
  let error = messages.join('; ');
  if(error.length > MAX_ERROR_LENGTH) {
    error = error.slice(0, MAX_ERROR_LENGTH - 3) + '...';
  }
  return {verified, error, signature_verified};
}
