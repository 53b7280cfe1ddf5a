// The demo and test OpenID Provider of the vc-led citizen gateway: oidc-provider (a certified
// OP library) with synthetic citizens whose INSZ match the demo data, as the government's
// identity provider gives it (claim `egovNRN`, scope `egovnrn`).
//
//   node op.mjs CONFIG.json
//
// CONFIG: {"host": "127.0.0.1", "port": 0, "clients": [{client_id, client_secret,
// redirect_uris, post_logout_redirect_uris}], "citizens": [{login, password, sub, claims}]}.
// Port 0 picks a free port. The first stdout line is `listening <issuer URL>`. Signing and
// cookie keys are made fresh at every start: this OP is for demos and tests only.
import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const citizens = new Map(config.citizens.map((c) => [c.sub, c]));
const byLogin = new Map(config.citizens.map((c) => [c.login, c]));

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#111}
label{display:block;margin-top:1rem}input{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}
button{margin-top:1rem;font-size:1rem;padding:.5rem 1rem;background:#0b5394;color:#fff;border:0}
.demo{background:#fff3cd;border:1px solid #8a6d3b;padding:.5rem}</style></head>
<body><p class="demo">Demo identity provider with synthetic citizens — not a real login.</p>
<h1>${esc(title)}</h1>${body}</body></html>`;

function sameSecret(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      data += chunk;
      if (data.length > 10_000) reject(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(data)));
    req.on('error', reject);
  });
}

function loginForm(uid, error) {
  const message = error ? `<p role="alert">${esc(error)}</p>` : '';
  return page('Log in', `${message}<form method="post" action="/interaction/${esc(uid)}/login">
<label for="login">Login</label><input id="login" name="login" autocomplete="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button></form>`);
}

function send(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // no form-action: the login form's redirects end at the relying party
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(html);
}

async function interaction(provider, req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('Error', '<p>Unknown login request.</p>'));
  if (!action && req.method === 'GET') return send(res, 200, loginForm(uid));
  if (action === '/login' && req.method === 'POST') {
    const form = await readForm(req);
    const who = byLogin.get(form.get('login') || '');
    if (!who || !sameSecret(form.get('password') || '', who.password)) {
      return send(res, 200, loginForm(uid, 'Unknown login or wrong password.'));
    }
    return provider.interactionFinished(req, res, { login: { accountId: who.sub } }, {
      mergeWithLastSubmission: false,
    });
  }
  return send(res, 405, page('Error', '<p>Not allowed.</p>'));
}

function options() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
  return {
    clients: config.clients.map((c) => ({
      ...c,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'birthdate'],
      egovnrn: ['egovNRN'],
    },
    scopes: ['openid', 'profile', 'egovnrn'],
    conformIdTokenClaims: false, // the ID token carries the claims, as the gateway reads them there
    pkce: { required: () => true },
    findAccount: async (ctx, sub) => {
      const who = citizens.get(sub);
      return who && { accountId: sub, claims: async () => ({ sub, ...who.claims }) };
    },
    // the government's identity provider asks no consent for its registered services
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile egovnrn');
      await grant.save();
      return grant;
    },
    interactions: { url: (ctx, i) => `/interaction/${i.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Log out', `${form}<p>Log out of the demo identity provider?</p>
<button type="submit" form="op.logoutForm" value="yes" name="logout">Log out</button>
<button type="submit" form="op.logoutForm">Stay logged in</button>`);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page('Logged out', '<p>You are logged out.</p>');
        },
      },
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Error', `<p>${esc(out.error)}</p>`);
    },
  };
}

const server = http.createServer();
server.listen(config.port || 0, config.host || '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://${config.host || '127.0.0.1'}:${port}`;
  const provider = new Provider(issuer, options());
  const handle = provider.callback();
  server.on('request', async (req, res) => {
    try {
      const path = new URL(req.url, issuer).pathname;
      const match = path.match(/^\/interaction\/([\w-]+)(\/login)?$/);
      if (match) return await interaction(provider, req, res, match[1], match[2]);
      return handle(req, res);
    } catch (err) {
      console.error(`op: ${err.name}: ${err.message}`);
      if (!res.headersSent) send(res, 400, page('Error', '<p>The request could not be completed.</p>'));
    }
  });
  console.log(`listening ${issuer}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
// started with a pipe as stdin: when the process that started us ends, so do we
if (!process.stdin.isTTY) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
