#!/usr/bin/env node
/**
 * @sd-jwt/sd-jwt-vc 0.19.0 (TypeScript) SD-JWT VC issue/present/verify benchmark.
 *
 *   scripts/setup       # installs tests/sdjwt-peer/node_modules
 *   node benchmarks/node/bench_sdjwt.mjs REQUEST.json   # written by bench_sdjwt.py
 *
 * The logic lives in tests/sdjwt-peer/sdbench.mjs so that it resolves the
 * pinned packages in tests/sdjwt-peer/node_modules; this folder has no
 * package.json of its own.
 */
import {main} from '../../tests/sdjwt-peer/sdbench.mjs';

process.exitCode = await main(process.argv.slice(2));
