#!/usr/bin/env node
/**
 * digitalbazaar (JavaScript) issue/verify benchmark.
 *
 *   npm ci --prefix tests/interop
 *   node benchmarks/node/bench.mjs --key KEY.json [--suite S] \
 *     [--iterations N] [--warmup W] INPUT.json...
 *
 * The logic lives in tests/interop/lib/bench.mjs so that it shares the
 * pinned packages in tests/interop/node_modules with the interop peer; this
 * folder has no package.json of its own.
 */
import {main} from '../../tests/interop/lib/bench.mjs';

process.exitCode = await main(process.argv.slice(2));
