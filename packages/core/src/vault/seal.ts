/**
 * AES-GCM-256 sealing of one vault record. The store and id are bound in as additional data, so a
 * sealed record copied under another id or store fails to open instead of being read as something else.
 */
export interface SealedRecord {
  iv: Uint8Array;
  data: ArrayBuffer;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function createVaultKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

function additionalData(store: string, id: string): Uint8Array {
  return encoder.encode(`${store}\u0000${id}`);
}

export async function seal(key: CryptoKey, store: string, id: string, value: unknown): Promise<SealedRecord> {
  // A fresh random 96-bit IV per record: GCM's security depends on never reusing one with a key.
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(store, id) as BufferSource },
    key,
    encoder.encode(JSON.stringify(value)) as BufferSource,
  );
  return { iv, data };
}

export async function unseal<T>(key: CryptoKey, store: string, id: string, sealed: SealedRecord): Promise<T> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.iv as BufferSource, additionalData: additionalData(store, id) as BufferSource },
    key,
    sealed.data,
  );
  return JSON.parse(decoder.decode(plain)) as T;
}
