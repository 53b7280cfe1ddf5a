"""OAuth 2.0 client credentials for machine clients: VC-API callers and afnemers.

The registry is the authorization server for its own APIs: a client (``vc-led clients add``)
authenticates at ``POST /oauth2/token`` with a secret (``client_secret_basic`` or
``client_secret_post``) or a signed assertion (``private_key_jwt``, RFC 7523), and gets a
short-lived opaque bearer token for the scopes it was granted.
"""
