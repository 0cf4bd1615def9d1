// An independent OpenID provider for sdk-sso's tests: panva's oidc-provider (OpenID-certified) with its FAPI 2.0
// profile, PAR required, signed request objects required, DPoP-bound tokens and ID tokens encrypted to the client.
// Started by OidcProviderFapi2Test with ISSUER, PORT and CLIENT (the agency's client metadata, JSON) in the environment;
// prints "ready" once it listens. Test people log in on its development login form with any password.
import Provider from 'oidc-provider';
import { generateKeyPairSync } from 'node:crypto';

const issuer = process.env.ISSUER;
const client = JSON.parse(process.env.CLIENT);
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signing = { ...privateKey.export({ format: 'jwk' }), kid: 'op-es256', use: 'sig', alg: 'ES256' };

const people = {
  maryam: { sub: 'maryam', national_code: '0499370899', person_type: 'natural', given_name: 'مریم', family_name: 'احمدی',
    birthdate: '1990-05-12' },
};

const provider = new Provider(issuer, {
  clients: [client],
  jwks: { keys: [signing] },
  scopes: ['openid', 'profile', 'national_id', 'phone'],
  claims: {
    openid: ['sub'],
    profile: ['given_name', 'family_name', 'birthdate'],
    national_id: ['national_code', 'person_type'],
    acr: null,
  },
  conformIdTokenClaims: false,
  acrValues: ['urn:ir:gov:loa:1', 'urn:ir:gov:loa:2', 'urn:ir:gov:loa:3'],
  features: {
    fapi: { enabled: true, profile: '2.0' },
    pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
    requestObjects: { enabled: true, requireSignedRequestObject: true },
    dPoP: { enabled: true },
    encryption: { enabled: true },
    devInteractions: { enabled: true },
  },
  pkce: { required: () => true },
  enabledJWA: {
    idTokenSigningAlgValues: ['ES256'],
    idTokenEncryptionAlgValues: ['ECDH-ES+A256KW', 'RSA-OAEP-256'],
    idTokenEncryptionEncValues: ['A256GCM'],
    requestObjectSigningAlgValues: ['ES256', 'PS256'],
    clientAuthSigningAlgValues: ['ES256', 'PS256'],
    dPoPSigningAlgValues: ['ES256', 'PS256'],
  },
  async findAccount(ctx, id) {
    const person = people[id] ?? { ...people.maryam, sub: id };
    return { accountId: id, async claims() { return { ...person, sub: id }; } };
  },
});
provider.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
