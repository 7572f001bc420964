export { ACCESS_TOKEN_ALGORITHM, type AccessTokenClaims, signAccessToken } from './access-token';
