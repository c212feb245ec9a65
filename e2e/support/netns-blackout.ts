// A blackout on LiveKit's link without touching the link: an nftables table in LiveKit's network
// namespace drops every packet in and out while it exists. Taking the veth down (NetnsLivekit.cutLink)
// is a network change Chromium notices and rebuilds its ICE candidates for, so even a 1 s cut costs
// ~10 s of media; a blackout is what a Wi-Fi that stops passing traffic for a moment looks like.
// Needs root and nft, as the namespace itself does.
import { execFileSync } from 'node:child_process';

const table = 'attune_blackout';

function nft(namespace: string, command: string): void {
  execFileSync('ip', ['netns', 'exec', namespace, 'nft', command], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Drops all of the namespace's traffic until the returned function lifts the blackout. */
export function startBlackout(namespace: string): () => void {
  nft(namespace, `add table inet ${table}`);
  nft(namespace, `add chain inet ${table} in { type filter hook input priority -300; policy drop; }`);
  nft(namespace, `add chain inet ${table} out { type filter hook output priority -300; policy drop; }`);
  let lifted = false;
  return () => {
    if (lifted) return;
    lifted = true;
    nft(namespace, `delete table inet ${table}`);
  };
}
