// The practice site's own file: gives the Attune elements on the page the signed-in user's host token.
// An external file (or a nonce'd script), because a strict CSP runs no inline script. Loaded before
// attune.js: each element then starts with its configuration (lit keeps properties set before upgrade).

/** The portal knows who is signed in (its own session cookie) and signs a short-lived Attune token for them. */
async function hostToken() {
  const response = await fetch('/portal/attune-token', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`The portal gave no Attune token (HTTP ${response.status}).`);
  return response.text();
}

for (const element of document.querySelectorAll('attune-session, attune-queue')) element.getHostToken = hostToken;
for (const form of document.querySelectorAll('attune-intake-form')) form.getToken = hostToken;
