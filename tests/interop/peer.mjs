#!/usr/bin/env node
/**
 * digitalbazaar peer CLI for vc-led interop tests (offline only).
 *
 *   node tests/interop/peer.mjs sign --key KEY.json [--suite S]
 *     [--purpose assertionMethod|authentication] [--challenge C] [--domain D]
 *     [--created ISO] [--now ISO] [common options] INPUT.json
 *       -> signed document JSON on stdout
 *   node tests/interop/peer.mjs verify [--challenge C] [--domain D]
 *     [--now ISO] [--issuer-controller FILE] [--skip-status]
 *     [common options] INPUT.json
 *       -> {"verified": bool, "error": str|null} on stdout, exit 0
 *
 * Common options: --contexts-dir DIR (default: repo contexts/),
 *   --extra-context URL=FILE (repeatable).
 * Exit codes: 0 done (including "verified": false), 1 signing failed,
 *   2 usage error.
 */
import {readFileSync} from 'node:fs';
import {parseArgs} from 'node:util';
import {createOfflineLoader, DEFAULT_CONTEXTS_DIR} from './lib/loader.mjs';
import {loadKeyPair} from './lib/suites.mjs';
import {describeError, summarize} from './lib/summary.mjs';
import {isPresentation, sign, UsageError, verify} from './lib/vcops.mjs';

const COMMON = {
  'contexts-dir': {type: 'string', default: DEFAULT_CONTEXTS_DIR},
  'extra-context': {type: 'string', multiple: true, default: []},
  challenge: {type: 'string'},
  domain: {type: 'string'},
  now: {type: 'string'},
  help: {type: 'boolean', short: 'h'}
};
const OPTIONS = {
  sign: {
    ...COMMON,
    key: {type: 'string'},
    suite: {type: 'string'},
    purpose: {type: 'string'},
    created: {type: 'string'}
  },
  verify: {
    ...COMMON,
    'issuer-controller': {type: 'string'},
    'skip-status': {type: 'boolean', default: false}
  }
};
const USAGE = readFileSync(new URL(import.meta.url), 'utf8')
  .split('/**')[1].split('*/')[0].replace(/^ \* ?/gm, '').trim();

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch(e) {
    throw new UsageError(`cannot read JSON from ${file}: ${e.message}`);
  }
}

function parse(argv) {
  const [command, ...rest] = argv;
  if(!OPTIONS[command]) {
    throw new UsageError(`unknown command "${command ?? ''}"`);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest, options: OPTIONS[command], allowPositionals: true
    });
  } catch(e) {
    throw new UsageError(e.message);
  }
  const {values, positionals} = parsed;
  if(values.help) {
    return {command: 'help'};
  }
  if(positionals.length !== 1) {
    throw new UsageError('expected exactly one INPUT.json');
  }
  if(command === 'sign' && !values.key) {
    throw new UsageError('sign needs --key KEY.json');
  }
  return {command, values, input: positionals[0]};
}

async function runSign(values, document, documentLoader) {
  const keyPair = await loadKeyPair(values.key);
  const signed = await sign({
    document, keyPair, documentLoader, suite: values.suite,
    purpose: values.purpose, challenge: values.challenge,
    domain: values.domain, created: values.created, now: values.now
  });
  process.stdout.write(JSON.stringify(signed, null, 2) + '\n');
}

async function runVerify(values, document, documentLoader) {
  if(isPresentation(document) && values.challenge === undefined) {
    throw new UsageError('verifying a presentation needs --challenge');
  }
  const issuerController = values['issuer-controller'] ?
    readJson(values['issuer-controller']) : undefined;
  const result = await verify({
    document, documentLoader, challenge: values.challenge,
    domain: values.domain, now: values.now, issuerController,
    skipStatus: values['skip-status']
  });
  const out = summarize(result);
  if(!isPresentation(document) && document?.credentialStatus) {
    out.status = values['skip-status'] ? 'skipped' : 'not_checked';
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

async function main(argv) {
  const {command, values, input} = parse(argv);
  if(command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const document = readJson(input);
  let documentLoader;
  try {
    documentLoader = createOfflineLoader({
      contextsDir: values['contexts-dir'],
      extraContexts: values['extra-context']
    });
  } catch(e) {
    throw new UsageError(`bad --contexts-dir/--extra-context: ${e.message}`);
  }
  if(command === 'sign') {
    await runSign(values, document, documentLoader);
  } else {
    await runVerify(values, document, documentLoader);
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch(e) {
  const usage = e instanceof UsageError;
  process.stderr.write(
    `peer.mjs: ${usage ? 'usage: ' : ''}${describeError(e)}\n`);
  if(usage) {
    process.stderr.write(USAGE + '\n');
  }
  process.exitCode = usage ? 2 : 1;
}
