/** The forms a secret could take on its way out: as is, URL-encoded, base64 and base64url. */
export const secretForms = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  Buffer.from(secret).toString('base64'),
  Buffer.from(secret).toString('base64url'),
];
