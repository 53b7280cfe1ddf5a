/**
 * Sequential, single-threaded issue/verify throughput of the digitalbazaar
 * peer. Entry point: benchmarks/node/bench.mjs (it imports this module so
 * that the packages resolve from tests/interop/node_modules).
 *
 * Output: one JSON object per line and operation:
 *   {"peer": "digitalbazaar", "input": name, "suite": S,
 *    "op": "issue"|"verify", "ops_per_s": float, "n": N}
 */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {performance} from 'node:perf_hooks';
import {createOfflineLoader, DEFAULT_CONTEXTS_DIR} from './loader.mjs';
import {defaultSuiteFor, loadKeyPair} from './suites.mjs';
import {describeError, summarize} from './summary.mjs';
import {isPresentation, sign, verify} from './vcops.mjs';

export const USAGE = 'usage: node benchmarks/node/bench.mjs --key KEY.json ' +
  '[--suite S] [--iterations N] [--warmup W] [--contexts-dir DIR] ' +
  '[--extra-context URL=FILE]... INPUT.json...';
const CHALLENGE = 'bench-challenge';

function parse(argv) {
  const {values, positionals} = parseArgs({
    args: argv, allowPositionals: true, options: {
      key: {type: 'string'},
      suite: {type: 'string'},
      iterations: {type: 'string', default: '50'},
      warmup: {type: 'string'},
      'contexts-dir': {type: 'string', default: DEFAULT_CONTEXTS_DIR},
      'extra-context': {type: 'string', multiple: true, default: []}
    }
  });
  const n = Number.parseInt(values.iterations, 10);
  if(!values.key || positionals.length === 0 || !(n > 0)) {
    throw new TypeError(USAGE);
  }
  const warmup = values.warmup === undefined ?
    Math.max(3, Math.ceil(n / 10)) : Number.parseInt(values.warmup, 10);
  return {values, inputs: positionals, n, warmup};
}

/**
 * The issuer binding to use at verification. When the input names an issuer
 * other than the key's controller (the W3C vectors do), the benchmark says so
 * on stderr and passes an explicit controller document for the issuer that
 * lists the key under assertionMethod, so that verify succeeds and is timed.
 */
function issuerControllerFor(document, keyPair, name) {
  if(isPresentation(document) || document.issuer === undefined) {
    return undefined;
  }
  const issuer = typeof document.issuer === 'string' ?
    document.issuer : document.issuer.id;
  if(issuer === keyPair.controller) {
    return undefined;
  }
  process.stderr.write(`bench: ${name}: issuer ${issuer} is not the key ` +
    `controller ${keyPair.controller}; verifying with an explicit issuer ` +
    'controller document\n');
  return {id: issuer, assertionMethod: [keyPair.id]};
}

async function timeOps(n, op) {
  const start = performance.now();
  for(let i = 0; i < n; ++i) {
    await op();
  }
  const seconds = (performance.now() - start) / 1000;
  return Math.round((n / seconds) * 1000) / 1000;
}

async function benchInput({file, keyPair, suite, documentLoader, n, warmup}) {
  const name = path.basename(file).replace(/\.json$/, '');
  const document = JSON.parse(readFileSync(file, 'utf8'));
  delete document.proof;
  const issuerController = issuerControllerFor(document, keyPair, name);
  const signOnce = () => sign({
    document, keyPair, documentLoader, suite, challenge: CHALLENGE
  });
  let signed = await signOnce();
  const verifyOnce = async () => {
    const result = await verify({
      document: signed, documentLoader, challenge: CHALLENGE,
      issuerController, skipStatus: true
    });
    if(!result.verified) {
      throw new Error(`${name}: verify failed: ${summarize(result).error}`);
    }
  };
  for(let i = 0; i < warmup; ++i) {
    signed = await signOnce();
    await verifyOnce();
  }
  const line = op => ({peer: 'digitalbazaar', input: name, suite, op});
  const issueRate = await timeOps(n, async () => {
    signed = await signOnce();
  });
  console.log(JSON.stringify({...line('issue'), ops_per_s: issueRate, n}));
  const verifyRate = await timeOps(n, verifyOnce);
  console.log(JSON.stringify({...line('verify'), ops_per_s: verifyRate, n}));
}

/**
 * Runs the benchmark.
 *
 * @param {string[]} argv - Command-line arguments (without node and script).
 * @returns {Promise<number>} The exit code.
 */
export async function main(argv) {
  let args;
  try {
    args = parse(argv);
  } catch(e) {
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  const {values, inputs, n, warmup} = args;
  try {
    const keyPair = await loadKeyPair(values.key);
    const suite = values.suite ?? defaultSuiteFor(keyPair.publicKeyMultibase);
    const documentLoader = createOfflineLoader({
      contextsDir: values['contexts-dir'],
      extraContexts: values['extra-context']
    });
    for(const file of inputs) {
      await benchInput({file, keyPair, suite, documentLoader, n, warmup});
    }
  } catch(e) {
    process.stderr.write(`bench: ${describeError(e)}\n`);
    return 1;
  }
  return 0;
}
