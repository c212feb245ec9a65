// A blackout on LiveKit's link without touching the link: an nftables table in LiveKit's network
// namespace drops every packet in and out while it exists. Taking the veth down (NetnsLivekit.cutLink)
// is a network change Chromium notices and rebuilds its ICE candidates for, so even a 1 s cut costs
// ~10 s of media; a blackout is what a Wi-Fi that stops passing traffic for a moment looks like.
// A lossy link the same way: a table that drops a random share of the UDP (the media) in and out.
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

const lossTable = 'attune_loss';

/**
 * Drops `percent` % of the namespace's UDP packets, chosen at random, in both directions (the media,
 * not the signalling over TCP), until the returned function makes the link clean again. This kernel
 * has no netem; nftables' random number per packet does the same for plain loss.
 */
export function startRandomLoss(namespace: string, percent: number): () => void {
  if (!Number.isInteger(percent) || percent < 1 || percent > 99) throw new RangeError(`loss must be a whole percentage from 1 to 99, not ${percent}`);
  nft(namespace, `add table inet ${lossTable}`);
  for (const [chain, hook] of [['in', 'input'], ['out', 'output']]) {
    nft(namespace, `add chain inet ${lossTable} ${chain} { type filter hook ${hook} priority -300; policy accept; }`);
    nft(namespace, `add rule inet ${lossTable} ${chain} meta l4proto udp numgen random mod 100 < ${percent} drop`);
  }
  let lifted = false;
  return () => {
    if (lifted) return;
    lifted = true;
    nft(namespace, `delete table inet ${lossTable}`);
  };
}
